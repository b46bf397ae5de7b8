package dev.shallowpi.ir;

import java.util.List;

/** Passes its input through; what a removed ReLU becomes before the graph is cleaned. */
public record Identity() implements Op {
    @Override
    public String kind() {
        return "identity";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return inputs.get(0);
    }
}
