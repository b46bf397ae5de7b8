package dev.shallowpi.ir;

import java.util.List;

/** Flattens a sample to a vector (ONNX Flatten with axis 1, PyTorch {@code x.view(x.size(0), -1)}). */
public record Flatten() implements Op {
    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return Shape.of(Math.toIntExact(inputs.get(0).elements()));
    }
}
