package dev.shallowpi.fold;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;

/**
 * How far apart two graphs are on the same inputs, run by the double-precision reference executor.
 *
 * <p>The relative difference is {@code max|a - b| / max|a|} over the whole batch, {@code a} the reference: one
 * scale for every element, so outputs near zero (where element-wise ratios explode) neither hide nor invent a
 * difference, and the figure reads as "the error as a fraction of the output's size".
 */
public final class Equivalence {
    /**
     * Relative tolerance of the passes' own checks. Weights are stored as floats (relative rounding 6e-8 per
     * weight), which a deep network turns into about 1e-6 at its output; a merge that is wrong anywhere
     * (a tap, a border, a bias) is off by a sizeable fraction of the output. 1e-4 sits between the two.
     */
    public static final double TOLERANCE = 1e-4;

    private Equivalence() {
    }

    /**
     * @param maxAbsDiff  largest {@code |before - after|}
     * @param maxRelDiff  {@code maxAbsDiff / maxAbsReference} (0 when both are 0)
     * @param maxAbsReference largest {@code |before|}
     * @param samples     inputs compared
     */
    public record Result(double maxAbsDiff, double maxRelDiff, double maxAbsReference, int samples) {
        public static final Result NONE = new Result(0, 0, 0, 0);

        public boolean within(double tolerance) {
            return maxRelDiff <= tolerance;
        }
    }

    /** Runs both single-input graphs on the batch {@code inputs} and compares their outputs. */
    public static Result check(Graph before, Graph after, DoubleTensor inputs) {
        return compare(ReferenceExecutor.run(before, inputs), ReferenceExecutor.run(after, inputs));
    }

    /** Compares an output with its reference. */
    public static Result compare(DoubleTensor reference, DoubleTensor actual) {
        double abs = reference.maxAbsDiff(actual);
        double scale = reference.maxAbs();
        double rel = abs == 0 ? 0 : scale == 0 ? Double.POSITIVE_INFINITY : abs / scale;
        return new Result(abs, rel, scale, reference.batch());
    }

    /** {@code samples} standard-normal inputs for a single-input graph, from a seeded generator. */
    public static DoubleTensor probeInputs(Graph graph, int samples, long seed) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs; probes take one");
        }
        return DoubleTensor.randomNormal(seed, samples, graph.inputs().get(0).shape());
    }
}
