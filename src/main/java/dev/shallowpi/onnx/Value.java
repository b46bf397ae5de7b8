package dev.shallowpi.onnx;

import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;

import java.util.List;

/**
 * What an ONNX value name stands for while a graph is imported: an activation of the model (a value of the IR
 * graph), a constant (an initializer or a Constant node), or a shape computed from activations (what PyTorch emits
 * for {@code x.size(0)}), whose one unknown is the batch size.
 */
sealed interface Value permits Value.Feature, Value.Const, Value.Dims, Value.Padded, Value.ChannelGroups {

    /** An activation: the IR value (an input or a node's output) and the shape of one sample. */
    record Feature(String irName, Shape shape) implements Value {
    }

    /**
     * An activation with zero padding on height and width that no IR node holds yet: the output of a {@code Pad},
     * which the Conv or AveragePool reading it adds to its own padding.
     */
    record Padded(Feature source, dev.shallowpi.ir.Padding pads) implements Value {
    }

    /**
     * An activation's channels viewed as {@code groups} groups (a Reshape to N x g x C/g x H x W), the two group
     * axes swapped when {@code transposed}: the middle of a channel shuffle, which a Reshape back turns into a gather.
     */
    record ChannelGroups(Feature source, int groups, boolean transposed) implements Value {
    }

    /** A constant tensor: float values (weights) or integer values (shapes, indices, axes); exactly one is set. */
    record Const(String source, long[] dims, float[] floats, long[] ints) implements Value {
        boolean isInt() {
            return ints != null;
        }

        int rank() {
            return dims.length;
        }

        int size() {
            return isInt() ? ints.length : floats.length;
        }

        /** The values as a weight tensor (float constants only; callers check {@link #isInt()} first). */
        Tensor tensor() {
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                shape[i] = (int) dims[i];
            }
            return Tensor.of(shape, floats);
        }
    }

    /**
     * A shape vector (or, with {@code scalar}, one entry of it) computed from an activation's shape. Entries are
     * known numbers except the batch size, which the model only learns when it runs.
     */
    record Dims(List<Dim> dims, boolean scalar) implements Value {
        public Dims {
            dims = List.copyOf(dims);
        }
    }

    /** One entry of a {@link Dims}: the batch size, or a known number. */
    record Dim(boolean batch, long value) {
        static final Dim BATCH = new Dim(true, 0);

        static Dim of(long value) {
            return new Dim(false, value);
        }

        @Override
        public String toString() {
            return batch ? "batch" : Long.toString(value);
        }
    }
}
