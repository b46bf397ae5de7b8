package dev.shallowpi.fold;

import java.util.List;

/**
 * One rewrite a pass made: the original {@code nodes} it absorbed, the node {@code into} that replaces them,
 * and which value of the old graph ({@code beforeValue}) the new node's output equals, so that a failed check
 * can be traced to it.
 *
 * @param kind   {@code fold-bn}, {@code merge}, {@code fold-shortcut}, {@code merge-ready}
 * @param detail the resulting layer, e.g. {@code 64->64 k5x5 s1 p2}
 */
public record Rewrite(String kind, List<String> nodes, String into, String beforeValue, String detail) {
    public Rewrite {
        nodes = List.copyOf(nodes);
    }
}
