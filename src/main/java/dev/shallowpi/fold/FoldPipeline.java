package dev.shallowpi.fold;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code shallowpi fold} does: optionally remove the inner ReLU of every residual block (each pair put
 * into merge-ready form), then fold BN, merge linear chains and fold shortcuts, each pass checking itself, and
 * finally compare the result with the unmerged model it started from.
 */
public final class FoldPipeline {
    /** Which ReLUs to remove before folding. */
    public enum DropRelus {
        NONE, INNER
    }

    /**
     * @param original   the model as given
     * @param reference  the model folding started from: the original, or with the ReLUs removed and its pairs in
     *                   merge-ready form; the folded model equals this one
     * @param result     the folded model
     * @param removal    what the ReLU removal did, or null when none was asked for
     * @param endToEnd   result against reference on the probe inputs
     * @param mergeSeconds time spent rewriting (ReLU removal and the three passes), checks excluded
     * @param checkSeconds time spent in the checks
     */
    public record Outcome(Graph original, Graph reference, Graph result, ReluRemoval.Result removal,
                         List<PassResult> passes, Equivalence.Result endToEnd, int samples, double tolerance,
                         double mergeSeconds, double checkSeconds) {
        public Outcome {
            passes = List.copyOf(passes);
        }

        /** Every rewrite of the passes, in pass order. */
        public List<Rewrite> rewrites() {
            List<Rewrite> all = new ArrayList<>();
            for (PassResult p : passes) {
                all.addAll(p.rewrites());
            }
            return all;
        }

        /** Everything left alone, with the reason: removed ReLUs without a pair, then each pass's skips. */
        public List<Skip> skips() {
            List<Skip> all = new ArrayList<>();
            if (removal != null) {
                all.addAll(removal.skips());
            }
            for (PassResult p : passes) {
                all.addAll(p.skips());
            }
            return all;
        }
    }

    private FoldPipeline() {
    }

    /**
     * Runs the pipeline. {@link IllegalArgumentException} when {@code INNER} is asked of a model without residual
     * blocks; {@link FoldCheckException} when a pass, or the whole, fails its check.
     */
    public static Outcome run(Graph model, DropRelus drop, Probe probe) {
        double mergeSeconds = 0;
        ReluRemoval.Result removal = null;
        Graph start = model;
        if (drop == DropRelus.INNER) {
            List<String> inner = ReluRemoval.innerRelus(model);
            if (inner.isEmpty()) {
                throw new IllegalArgumentException("the model has no residual block with an inner ReLU");
            }
            removal = ReluRemoval.drop(model, inner);
            start = removal.graph();
            mergeSeconds += removal.rewriteSeconds();
        }
        DoubleTensor reference = probe.output(start);
        List<PassResult> passes = new ArrayList<>();
        PassResult bn = Passes.foldBatchNorm(start, probe);
        passes.add(bn);
        PassResult merged = Passes.mergeLinearChains(bn.graph(), probe);
        passes.add(merged);
        PassResult shortcuts = Passes.foldShortcuts(merged.graph(), probe);
        passes.add(shortcuts);
        for (PassResult p : passes) {
            mergeSeconds += p.rewriteSeconds();
        }
        Graph result = shortcuts.graph();
        Equivalence.Result endToEnd = Equivalence.compare(reference, probe.output(result));
        if (!endToEnd.within(probe.tolerance())) {
            throw new FoldCheckException(String.format(Locale.ROOT, "fold failed its own check: the folded model "
                    + "differs from the unmerged one by %.3g relative (tolerance %.1g), though each pass alone "
                    + "stayed within it", endToEnd.maxRelDiff(), probe.tolerance()));
        }
        double checkSeconds = probe.seconds() + (removal == null ? 0 : removal.checkSeconds());
        return new Outcome(model, start, result, removal, passes, endToEnd, probe.samples(), probe.tolerance(),
                mergeSeconds, checkSeconds);
    }
}
