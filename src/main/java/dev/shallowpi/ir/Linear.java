package dev.shallowpi.ir;

import java.util.List;

/**
 * Fully connected layer {@code y = W x + b}.
 *
 * @param weight {@code [out, in]}
 * @param bias   {@code [out]} or {@code null}
 */
public record Linear(Tensor weight, Tensor bias) implements Op {
    public Linear {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("linear weight must be [out, in], got " + weight);
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("linear bias must be [" + weight.dim(0) + "], got " + bias);
        }
    }

    public int inFeatures() {
        return weight.dim(1);
    }

    public int outFeatures() {
        return weight.dim(0);
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        Op.requireRank(in, 1, "linear");
        if (in.dim(0) != inFeatures()) {
            throw new IllegalArgumentException("linear expects " + inFeatures() + " features, got " + in.dim(0));
        }
        return Shape.of(outFeatures());
    }

    @Override
    public String describe() {
        return inFeatures() + "->" + outFeatures() + (bias != null ? " +b" : "");
    }
}
