package dev.shallowpi.ir;

import java.util.List;

/**
 * One operation of the model graph. Every op is an immutable record; weights travel inside the op.
 * Shapes are per sample (no batch dimension).
 */
public sealed interface Op permits Conv2d, BatchNorm, Relu, Add, MaxPool, AvgPool, GlobalAvgPool, Flatten,
        Linear, Identity, ChannelGather, Concat, Sigmoid, HardSigmoid, Mul {

    /** Short type name as printed in tables ("conv", "bn", ...). */
    String kind();

    /** How many inputs the op reads: one, unless the op joins several. */
    default int arity() {
        return 1;
    }

    /**
     * Output shape for the given input shapes. Throws {@link IllegalArgumentException} with a message that
     * describes the mismatch; {@link Graph} adds the node name.
     */
    Shape outputShape(List<Shape> inputs);

    /**
     * A one-line description of the op's attributes, for tables and error messages; empty for an op without
     * attributes. An op with attributes must override it: a model's digest is made from its nodes' descriptions.
     */
    default String describe() {
        return "";
    }

    /** Output size of a sliding window along one axis (floor mode unless {@code ceil}). */
    static int windowOutput(int in, int kernel, int stride, int padBefore, int padAfter, int dilation, boolean ceil) {
        int span = dilation * (kernel - 1) + 1;
        int padded = in + padBefore + padAfter - span;
        if (padded < 0) {
            return 0;
        }
        int out = (ceil ? Math.floorDiv(padded + stride - 1, stride) : padded / stride) + 1;
        // Like PyTorch: in ceil mode, the last window must start inside the input or the left padding.
        if (ceil && (out - 1) * stride >= in + padBefore) {
            out--;
        }
        return out;
    }

    static void requireRank(Shape s, int rank, String what) {
        if (s.rank() != rank) {
            throw new IllegalArgumentException(what + " expects a rank-" + rank + " input, got " + s);
        }
    }
}
