package dev.shallowpi.ir;

import java.util.List;

/** Mean over the spatial dimensions, keeping them as 1x1 (ONNX GlobalAveragePool). */
public record GlobalAvgPool() implements Op {
    @Override
    public String kind() {
        return "gap";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Op.requireRank(inputs.get(0), 3, "global average pool");
        return Shape.of(inputs.get(0).channels(), 1, 1);
    }
}
