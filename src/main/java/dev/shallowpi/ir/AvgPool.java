package dev.shallowpi.ir;

import java.util.List;

/**
 * Average pooling. {@code countIncludePad} divides by the full window (PyTorch's default) rather than by the
 * number of real pixels under it.
 */
public record AvgPool(Hw kernel, Hw stride, Padding padding, boolean ceilMode, boolean countIncludePad)
        implements Op {
    public static AvgPool of(int kernel, int stride) {
        return new AvgPool(Hw.square(kernel), Hw.square(stride), Padding.NONE, false, true);
    }

    @Override
    public String kind() {
        return "avgpool";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return PoolShapes.output("average pool", inputs.get(0), kernel, stride, padding, ceilMode);
    }

    @Override
    public String describe() {
        return PoolShapes.describe(kernel, stride, padding, ceilMode) + (countIncludePad ? "" : " exclude-pad");
    }
}
