package dev.shallowpi.fold;

import java.util.List;

/** Nodes a pass could have rewritten but left alone, and why (never merged approximately instead). */
public record Skip(String pass, List<String> nodes, String reason) {
    public Skip {
        nodes = List.copyOf(nodes);
    }

    @Override
    public String toString() {
        return pass + ": " + String.join(" -> ", nodes) + ": " + reason;
    }
}
