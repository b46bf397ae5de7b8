package dev.shallowpi.zoo;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Tensor;

import java.util.Random;

/**
 * Deterministic layer factories with PyTorch's usual initialisation for these models: Kaiming-normal convs
 * (fan-out, as torchvision's ResNets), unit BN, and {@code nn.Linear}'s uniform default. One generator per
 * model, drawn in construction order, so a seed fixes every weight.
 */
final class Init {
    private final Random random;
    /** Weights allocated so far, refused past {@link ModelSpec#MAX_PARAMETERS} before the next allocation. */
    private long parameters;

    Init(long seed) {
        this.random = new Random(seed);
    }

    Conv2d conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) {
        int[] shape = {out, in / groups, kernel, kernel};
        reserve("conv", (long) out * (in / groups) * kernel * kernel + (bias ? out : 0));
        double std = Math.sqrt(2.0 / (out * kernel * kernel));
        Tensor w = Tensor.generate(shape, i -> random.nextGaussian() * std);
        Tensor b = bias ? Tensor.filled(new int[] {out}, 0f) : null;
        return new Conv2d(w, b, Hw.square(stride), Padding.same(padding), Hw.square(1), groups);
    }

    BatchNorm batchNorm(int channels) {
        int[] s = {channels};
        reserve("batch norm", 4L * channels);
        return new BatchNorm(Tensor.filled(s, 1f), Tensor.filled(s, 0f), Tensor.filled(s, 0f), Tensor.filled(s, 1f),
                BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM);
    }

    Linear linear(int in, int out) {
        reserve("linear", (long) out * in + out);
        double bound = 1.0 / Math.sqrt(in);
        Tensor w = Tensor.generate(new int[] {out, in}, i -> (random.nextDouble() * 2 - 1) * bound);
        Tensor b = Tensor.generate(new int[] {out}, i -> (random.nextDouble() * 2 - 1) * bound);
        return new Linear(w, b);
    }

    /** Counts a layer's weights, refusing the model before they are allocated if it would pass the bound. */
    private void reserve(String layer, long weights) {
        parameters += weights;
        if (parameters > ModelSpec.MAX_PARAMETERS) {
            throw new IllegalArgumentException("the model passes " + ModelSpec.MAX_PARAMETERS
                    + " parameters at a " + layer + " of " + weights + " weights; choose a smaller width, class "
                    + "count or input");
        }
    }
}
