package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.Locale;
import java.util.Map;

/**
 * Tells a step whose gradients came out wrong from an ordinary one, before they are applied: their norm is not finite,
 * or it is {@link #EXPLOSION} times the mean norm of the last {@link #WINDOW} applied steps (of this trainer, across
 * epochs) and above {@link #FLOOR}. The loss alone cannot say it: a step with a sound loss and wrong gradients
 * shows only in the next step's loss, when the weights are already damaged. At the first step of a trainer there is
 * nothing to compare with, and only a non-finite norm counts.
 */
final class GradientWatch {
    /** A norm this many times the recent mean is out of line ... */
    static final double EXPLOSION = LossWatch.EXPLOSION;
    /** ... provided it is also above this (a model that fits its data has small gradients, and noisy ones). */
    static final double FLOOR = 100;
    /** How many applied steps the mean is taken over. */
    static final int WINDOW = 50;

    private final double[] recent = new double[WINDOW];
    private int applied;

    /** What is wrong with a step's gradient norm, in words, or null when nothing is. */
    String problem(double norm) {
        if (!Double.isFinite(norm)) {
            return "gradient norm became " + norm;
        }
        int n = Math.min(applied, WINDOW);
        if (n == 0) {
            return null;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += recent[i];
        }
        double mean = sum / n;
        if (norm > FLOOR && norm > EXPLOSION * mean) {
            return String.format(Locale.ROOT, "gradient norm jumped to %.4g from a mean of %.4g over the last %d "
                    + "steps", norm, mean, n);
        }
        return null;
    }

    /** The gradients of a step with this norm were applied. */
    void applied(double norm) {
        recent[applied++ % WINDOW] = norm;
    }

    /** The Euclidean norm of all the gradients of the parameters that take one. */
    static double norm(Map<String, Parameter> parameters) {
        double sum = 0;
        for (Parameter p : parameters.values()) {
            if (!p.requiresGradient()) {
                continue;
            }
            try (NDArray g = p.getArray().getGradient(); NDArray squares = g.square(); NDArray s = squares.sum()) {
                sum += s.getFloat();
            }
        }
        return Math.sqrt(sum);
    }
}
