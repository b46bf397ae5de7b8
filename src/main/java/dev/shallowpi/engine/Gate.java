package dev.shallowpi.engine;

import java.util.Arrays;

/**
 * How a ReLU node of a {@link GraphBlock} is gated: it computes {@code alpha * relu(x) + (1 - alpha) * x}, with
 * {@code alpha} one value for the whole layer or one per channel, learnable or fixed. Alpha 1 is the ReLU, 0 the
 * identity: a per-layer learnable gate measures a layer's sensitivity, per-channel learnable ones are SNL's masks,
 * and fixed per-channel 0/1 values are a channel mask being fine-tuned.
 *
 * @param initial    the starting values: one, or one per channel of the ReLU's input
 * @param perChannel whether there is one alpha per channel (else one for the layer)
 * @param learnable  whether the alphas take gradients (only in a trainable block)
 */
public record Gate(float[] initial, boolean perChannel, boolean learnable) {
    public Gate {
        initial = initial.clone();
        if (!perChannel && initial.length != 1) {
            throw new IllegalArgumentException("a per-layer gate has one value, got " + initial.length);
        }
        for (float v : initial) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("gate values must be finite, got " + v);
            }
        }
    }

    /** A learnable per-layer gate starting at 1 (the ReLU itself). */
    public static Gate layer() {
        return new Gate(new float[] {1f}, false, true);
    }

    /** Learnable per-channel gates for {@code channels} channels, all starting at 1. */
    public static Gate channels(int channels) {
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new Gate(ones, true, true);
    }

    /** A fixed channel mask: 1 where the channel keeps its ReLU, 0 where it passes its input through. */
    public static Gate mask(boolean[] keep) {
        float[] v = new float[keep.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = keep[i] ? 1f : 0f;
        }
        return new Gate(v, true, false);
    }

    @Override
    public float[] initial() {
        return initial.clone();
    }
}
