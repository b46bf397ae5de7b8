package dev.shallowpi.zoo;

import dev.shallowpi.ir.Shape;

/**
 * What to build: an architecture name, a width multiplier, the number of classes, the input shape of one
 * sample and the seed of the random initialisation.
 */
public record ModelSpec(String name, double width, int classes, Shape input, long seed) {
    public ModelSpec {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width must be > 0, got " + width);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (input.rank() != 3) {
            throw new IllegalArgumentException("input must be CxHxW, got " + input);
        }
    }

    /** Channels scaled by the width multiplier, never below one. */
    int scale(int channels) {
        return Math.max(1, (int) Math.round(channels * width));
    }
}
