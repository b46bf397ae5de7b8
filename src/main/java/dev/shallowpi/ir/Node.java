package dev.shallowpi.ir;

import java.util.List;

/** One named step of a graph: an op applied to the values named by {@code inputs}. */
public record Node(String name, Op op, List<String> inputs) {
    public Node {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node needs a name");
        }
        inputs = List.copyOf(inputs);
        if (inputs.size() != op.arity()) {
            throw new IllegalArgumentException("node '" + name + "': " + op.kind() + " takes " + op.arity()
                    + " input(s), got " + inputs.size());
        }
    }

    public Node(String name, Op op, String... inputs) {
        this(name, op, List.of(inputs));
    }

    public Node withOp(Op newOp) {
        return new Node(name, newOp, inputs);
    }

    public Node withInputs(List<String> newInputs) {
        return new Node(name, op, newInputs);
    }
}
