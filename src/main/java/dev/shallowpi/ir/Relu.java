package dev.shallowpi.ir;

import java.util.List;

/**
 * {@code max(x, 0)} element-wise, the op private inference pays for most; with a finite {@code max}, {@code min(max(x,
 * 0), max)} (ReLU6 in MobileNets: ONNX's {@code Clip(0, 6)}). Both are one family for the method: removing either
 * leaves the identity, and the convs around it merge the same way. What a PI protocol pays differs (a capped ReLU is
 * two comparisons), so counts tell them apart by {@link #nonlinearity()}.
 */
public record Relu(double max) implements Op {
    /** ReLU6's cap. */
    public static final double SIX = 6;

    public Relu {
        // written so that NaN fails
        if (!(max > 0)) {
            throw new IllegalArgumentException("a ReLU's cap must be > 0, got " + max);
        }
    }

    /** The plain, uncapped ReLU. */
    public Relu() {
        this(Double.POSITIVE_INFINITY);
    }

    public boolean capped() {
        return max < Double.POSITIVE_INFINITY;
    }

    @Override
    public String kind() {
        return "relu";
    }

    /** The nonlinearity as counts and PI profiles name it: relu, relu6, or clipped-relu (another cap). */
    public String nonlinearity() {
        return !capped() ? "relu" : max == SIX ? "relu6" : "clipped-relu";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public String describe() {
        return capped() ? "max " + (max == Math.rint(max) ? String.valueOf((long) max) : String.valueOf(max)) : "";
    }
}
