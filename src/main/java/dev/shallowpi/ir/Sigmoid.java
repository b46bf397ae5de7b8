package dev.shallowpi.ir;

import java.util.List;

/**
 * {@code 1 / (1 + exp(-x))} element-wise: EfficientNet's SiLU ({@code x * sigmoid(x)}, with {@link Mul}) and the
 * gates of squeeze-excitation. A PI protocol evaluates it by an approximation, not a comparison.
 */
public record Sigmoid() implements Op {
    @Override
    public String kind() {
        return "sigmoid";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        return inputs.get(0);
    }
}
