package dev.shallowpi.fold;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of local edits to a graph, applied at once into a new graph (the old one is never changed): nodes
 * removed, a node put in place of another, and aliases that send every reader of one value to another.
 * Replacements take the position of the node they replace, which is always late enough for pattern rewrites
 * (a merged node sits where the last node of its pattern was; its inputs come before the first).
 */
public final class GraphEdit {
    private final Graph graph;
    private final Set<String> removed = new HashSet<>();
    private final Map<String, Node> replaced = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    public GraphEdit(Graph graph) {
        this.graph = graph;
    }

    public void remove(String node) {
        removed.add(node);
    }

    /** Puts {@code node} where {@code at} was; {@code at} itself is dropped. */
    public void replace(String at, Node node) {
        replaced.put(at, node);
    }

    /** Every reader of {@code value} (and the graph output, if it is {@code value}) reads {@code to} instead. */
    public void alias(String value, String to) {
        aliases.put(value, to);
    }

    private String resolve(String value) {
        String v = value;
        for (int hops = 0; aliases.containsKey(v); hops++) {
            if (hops > aliases.size()) {
                throw new IllegalStateException("alias cycle through '" + value + "'");
            }
            v = aliases.get(v);
        }
        return v;
    }

    private Node rewire(Node n) {
        List<String> ins = new ArrayList<>(n.inputs().size());
        for (String in : n.inputs()) {
            ins.add(resolve(in));
        }
        return ins.equals(n.inputs()) ? n : n.withInputs(ins);
    }

    public Graph build() {
        List<Node> nodes = new ArrayList<>(graph.nodes().size());
        for (Node n : graph.nodes()) {
            Node r = replaced.get(n.name());
            if (r != null) {
                nodes.add(rewire(r));
            } else if (!removed.contains(n.name())) {
                nodes.add(rewire(n));
            }
        }
        return new Graph(graph.inputs(), nodes, resolve(graph.output()));
    }
}
