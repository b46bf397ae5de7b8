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

    Init(long seed) {
        this.random = new Random(seed);
    }

    Conv2d conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias) {
        int[] shape = {out, in / groups, kernel, kernel};
        double std = Math.sqrt(2.0 / (out * kernel * kernel));
        Tensor w = Tensor.generate(shape, i -> random.nextGaussian() * std);
        Tensor b = bias ? Tensor.filled(new int[] {out}, 0f) : null;
        return new Conv2d(w, b, Hw.square(stride), Padding.same(padding), Hw.square(1), groups);
    }

    BatchNorm batchNorm(int channels) {
        int[] s = {channels};
        return new BatchNorm(Tensor.filled(s, 1f), Tensor.filled(s, 0f), Tensor.filled(s, 0f), Tensor.filled(s, 1f),
                BatchNorm.DEFAULT_EPS, BatchNorm.DEFAULT_MOMENTUM);
    }

    Linear linear(int in, int out) {
        double bound = 1.0 / Math.sqrt(in);
        Tensor w = Tensor.generate(new int[] {out, in}, i -> (random.nextDouble() * 2 - 1) * bound);
        Tensor b = Tensor.generate(new int[] {out}, i -> (random.nextDouble() * 2 - 1) * bound);
        return new Linear(w, b);
    }
}
