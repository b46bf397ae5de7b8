package dev.shallowpi.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model: an immutable DAG of named nodes in topological order, with one output. Construction checks
 * the structure (unique names, inputs defined before use, arities) and infers every shape, so a {@code Graph}
 * that exists is consistent. Rewrites build a new graph rather than changing this one.
 */
public final class Graph {
    private final List<Input> inputs;
    private final List<Node> nodes;
    private final String output;
    private final Map<String, Node> byName;
    private final Map<String, Shape> shapes;
    private final Map<String, List<String>> consumers;

    public Graph(List<Input> inputs, List<Node> nodes, String output) {
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.output = output;
        if (this.inputs.isEmpty()) {
            throw new IllegalArgumentException("a graph needs at least one input");
        }
        Map<String, Node> named = new HashMap<>();
        Map<String, Shape> inferred = new LinkedHashMap<>();
        Map<String, List<String>> readers = new HashMap<>();
        for (Input in : this.inputs) {
            if (inferred.put(in.name(), in.shape()) != null) {
                throw new IllegalArgumentException("duplicate input name '" + in.name() + "'");
            }
            readers.put(in.name(), new ArrayList<>());
        }
        for (Node node : this.nodes) {
            if (inferred.containsKey(node.name())) {
                throw new IllegalArgumentException("duplicate node name '" + node.name() + "'");
            }
            List<Shape> inShapes = new ArrayList<>(node.inputs().size());
            for (String src : node.inputs()) {
                Shape s = inferred.get(src);
                if (s == null) {
                    throw new IllegalArgumentException("node '" + node.name() + "' reads '" + src
                            + "', which is not defined before it (unknown name or not in topological order)");
                }
                inShapes.add(s);
                readers.get(src).add(node.name());
            }
            Shape out;
            try {
                out = node.op().outputShape(inShapes);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ShapeException("node '" + node.name() + "': " + e.getMessage());
            }
            named.put(node.name(), node);
            inferred.put(node.name(), out);
            readers.put(node.name(), new ArrayList<>());
        }
        if (!inferred.containsKey(output)) {
            throw new IllegalArgumentException("graph output '" + output + "' is not a node or input");
        }
        this.byName = Collections.unmodifiableMap(named);
        this.shapes = Collections.unmodifiableMap(inferred);
        Map<String, List<String>> frozen = new HashMap<>();
        readers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        this.consumers = Collections.unmodifiableMap(frozen);
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** Nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    public String output() {
        return output;
    }

    public Shape outputShape() {
        return shapes.get(output);
    }

    /** The node of that name; throws naming it when there is none. */
    public Node node(String name) {
        return required(byName, name, "node");
    }

    public boolean hasNode(String name) {
        return byName.containsKey(name);
    }

    /** Shape of a node's output or of an input. */
    public Shape shape(String name) {
        return required(shapes, name, "value");
    }

    /** Names of the nodes that read the value {@code name}, in topological order. */
    public List<String> consumers(String name) {
        return required(consumers, name, "value");
    }

    /** The entry for {@code name}; throws naming it ("no value named 'x'") when there is none. */
    private static <T> T required(Map<String, T> entries, String name, String what) {
        T found = entries.get(name);
        if (found == null) {
            throw new IllegalArgumentException("no " + what + " named '" + name + "'");
        }
        return found;
    }

    /** Input shapes of a node, in the order of its inputs. */
    public List<Shape> inputShapes(Node node) {
        List<Shape> s = new ArrayList<>(node.inputs().size());
        for (String in : node.inputs()) {
            s.add(shapes.get(in));
        }
        return s;
    }

    /** A new graph with the same inputs and output and the given nodes. */
    public Graph withNodes(List<Node> newNodes) {
        return new Graph(inputs, newNodes, output);
    }
}
