package dev.shallowpi.ir;

import java.util.List;

/**
 * Joins its inputs along the channels (axis 1 of a batch, axis 0 of a sample), in input order: ONNX {@code Concat}
 * with axis 1. The inputs agree in every other dimension.
 *
 * @param parts how many inputs it joins, at least 2
 */
public record Concat(int parts) implements Op {
    public Concat {
        if (parts < 2) {
            throw new IllegalArgumentException("a concat joins at least 2 inputs, got " + parts);
        }
    }

    @Override
    public String kind() {
        return "concat";
    }

    @Override
    public int arity() {
        return parts;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        int[] first = inputs.get(0).dims();
        int channels = 0;
        for (Shape s : inputs) {
            int[] d = s.dims();
            boolean same = d.length == first.length;
            for (int i = 1; same && i < d.length; i++) {
                same = d[i] == first[i];
            }
            if (!same) {
                throw new IllegalArgumentException("concat needs inputs that differ in channels only, got "
                        + inputs.get(0) + " and " + s);
            }
            channels = Math.addExact(channels, d[0]);
        }
        first[0] = channels;
        return Shape.of(first);
    }

    @Override
    public String describe() {
        return parts + " inputs on channels";
    }
}
