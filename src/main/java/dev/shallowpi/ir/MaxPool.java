package dev.shallowpi.ir;

import java.util.List;

/** Max pooling; padded positions never win (they count as minus infinity, as in PyTorch and ONNX). */
public record MaxPool(Hw kernel, Hw stride, Padding padding, boolean ceilMode) implements Op {
    public static MaxPool of(int kernel, int stride) {
        return new MaxPool(Hw.square(kernel), Hw.square(stride), Padding.NONE, false);
    }

    @Override
    public String kind() {
        return "maxpool";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return PoolShapes.output("max pool", inputs.get(0), kernel, stride, padding, ceilMode);
    }

    @Override
    public String describe() {
        return "k" + kernel + " s" + stride + (padding.equals(Padding.NONE) ? "" : " p" + padding)
                + (ceilMode ? " ceil" : "");
    }
}
