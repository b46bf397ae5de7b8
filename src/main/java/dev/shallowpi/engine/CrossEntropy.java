package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;

/**
 * Cross-entropy with optional label smoothing as PyTorch defines it: the target is
 * {@code (1 - s) * onehot + s / classes}.
 */
public record CrossEntropy(double smoothing) implements Loss {
    public CrossEntropy {
        if (smoothing < 0 || smoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
    }

    @Override
    public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
        return of(logits, labels, smoothing);
    }

    /** Mean cross-entropy of {@code [N, K]} logits against integer labels. */
    public static NDArray of(NDArray logits, NDArray labels, double smoothing) {
        long classes = logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray target = labels.oneHot((int) classes);
        if (smoothing > 0) {
            target = target.mul((float) (1 - smoothing)).add((float) (smoothing / classes));
        }
        return target.mul(logp).sum(new int[] {1}).neg().mean();
    }

    @Override
    public String describe() {
        return smoothing > 0 ? "cross-entropy (label smoothing " + smoothing + ")" : "cross-entropy";
    }
}
