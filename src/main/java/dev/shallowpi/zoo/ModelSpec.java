package dev.shallowpi.zoo;

import dev.shallowpi.ir.Shape;

/**
 * What to build: an architecture name, a width multiplier, the number of classes, the input shape of one
 * sample and the seed of the random initialisation.
 */
public record ModelSpec(String name, double width, int classes, Shape input, long seed) {
    /**
     * The most weights a zoo model may have: 256M floats (1 GiB), beyond any CNN private inference runs (a
     * full-width ResNet-50 has 25.6M, VGG-16 138M); a width or class count that would pass it is refused before any weight is
     * allocated.
     */
    public static final long MAX_PARAMETERS = 1L << 28;
    /** The most input values one sample may have (a 3x4096x4096 image has 50M). */
    public static final long MAX_INPUT_VALUES = 1L << 26;

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
        if (input.elements() > MAX_INPUT_VALUES) {
            throw new IllegalArgumentException("input " + input + " has " + input.elements() + " values a sample; "
                    + "at most " + MAX_INPUT_VALUES + " are supported");
        }
    }

    /**
     * Channels scaled by the width multiplier. A width that rounds a layer to no channels is refused (a one-channel
     * stand-in trained to NaN), as is one past any memory (the parameter bound is met first, in {@link Init}).
     */
    int scale(int channels) {
        double scaled = Math.rint(channels * width);
        if (scaled < 1) {
            throw new IllegalArgumentException("width " + width + " leaves a layer of " + channels
                    + " channels with none; the narrowest width for " + name + " is about "
                    + String.format(java.util.Locale.ROOT, "%.4g", 0.5 / channels));
        }
        if (scaled > MAX_PARAMETERS) {
            throw new IllegalArgumentException("width " + width + " makes a layer of " + channels + " channels "
                    + String.format(java.util.Locale.ROOT, "%.3g", scaled) + " wide, past the bound of "
                    + MAX_PARAMETERS + " parameters");
        }
        return (int) scaled;
    }
}
