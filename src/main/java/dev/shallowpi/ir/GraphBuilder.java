package dev.shallowpi.ir;

import java.util.ArrayList;
import java.util.List;

/** Collects nodes in order and checks them once, in {@link #build(String)}. */
public final class GraphBuilder {
    private final List<Input> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    public GraphBuilder input(String name, Shape shape) {
        inputs.add(new Input(name, shape));
        return this;
    }

    /** Adds a node and returns its name, so calls can be chained as values. */
    public String add(String name, Op op, String... from) {
        nodes.add(new Node(name, op, from));
        return name;
    }

    /**
     * Shape of a value added so far. Checks the graph built up to now (cheap: no weights are read), so a
     * builder can size the next layer from what came before.
     */
    public Shape shape(String name) {
        return new Graph(inputs, nodes, name).shape(name);
    }

    public Graph build(String output) {
        return new Graph(inputs, nodes, output);
    }
}
