package dev.shallowpi.ir;

import java.util.List;

/**
 * {@code max(0, min(1, alpha * x + beta))} element-wise (ONNX HardSigmoid; PyTorch's is alpha 1/6, beta 1/2):
 * MobileNetV3's squeeze-excitation gate, and with {@link Mul} its hard-swish. Two comparisons per element under PI.
 */
public record HardSigmoid(double alpha, double beta) implements Op {
    /**
     * PyTorch's {@code nn.Hardsigmoid} ({@code relu6(x + 3) / 6}), its slope as an ONNX file holds it (a float,
     * which the importer reads as its shortest decimal, 0.16666667), so that a model written and read back is
     * unchanged.
     */
    public static final HardSigmoid PYTORCH = new HardSigmoid(Double.parseDouble(Float.toString(1f / 6)), 0.5);

    public HardSigmoid {
        if (!Double.isFinite(alpha) || !Double.isFinite(beta) || alpha == 0) {
            throw new IllegalArgumentException("a hard sigmoid needs a finite, non-zero alpha and a finite beta, got "
                    + alpha + ", " + beta);
        }
    }

    @Override
    public String kind() {
        return "hardsigmoid";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public String describe() {
        return "alpha " + alpha + " beta " + beta;
    }
}
