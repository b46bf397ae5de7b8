package dev.shallowpi.ir;

import java.util.List;

/** Element-wise sum of two inputs of the same shape (a residual join). */
public record Add() implements Op {
    @Override
    public String kind() {
        return "add";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        if (!inputs.get(0).equals(inputs.get(1))) {
            throw new IllegalArgumentException("add needs equal shapes, got " + inputs.get(0) + " and "
                    + inputs.get(1));
        }
        return inputs.get(0);
    }
}
