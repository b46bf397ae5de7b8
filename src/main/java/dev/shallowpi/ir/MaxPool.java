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
    public Shape outputShape(List<Shape> inputs) {
        return PoolShapes.output("max pool", inputs.get(0), kernel, stride, padding, ceilMode);
    }

    @Override
    public String describe() {
        return PoolShapes.describe(kernel, stride, padding, ceilMode);
    }
}
