package dev.shallowpi.fold;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code shallowpi fold} and deployment do: optionally remove the inner ReLU of every residual block (each
 * pair put into merge-ready form), then run a list of passes ({@link #MERGE}: fold BN, merge linear chains, fold
 * shortcuts), each checking itself, and finally compare the result with the unmerged model it started from.
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

    /** What {@code shallowpi fold} and the seed's deployment run: BN folded, linear chains merged, shortcuts folded. */
    public static final List<Pass> MERGE = List.of(Passes.BATCH_NORM, Passes.LINEAR_CHAINS, Passes.SHORTCUTS);
    /** Deployment of a student whose removed ReLUs merge nothing (cull, snl): BN folded only. */
    public static final List<Pass> BATCH_NORM_ONLY = List.of(Passes.BATCH_NORM);

    private FoldPipeline() {
    }

    /**
     * {@code passes} with its linear-chain merge told to merge the layers around each ReLU in {@code removed} of
     * {@code model} even where the merged layer costs more MACs: that merge is why the ReLU was removed.
     */
    public static List<Pass> mergingAfter(List<Pass> passes, Graph model, List<String> removed) {
        Set<String> seconds = new HashSet<>();
        for (String relu : removed) {
            seconds.addAll(model.consumers(relu));
        }
        List<Pass> out = new ArrayList<>();
        for (Pass p : passes) {
            out.add(p == Passes.LINEAR_CHAINS ? Passes.linearChains(seconds) : p);
        }
        return out;
    }

    /** Runs the {@link #MERGE} passes. */
    public static Outcome run(Graph model, DropRelus drop, Probe probe) {
        return run(model, drop, MERGE, probe);
    }

    /**
     * Runs the pipeline: the ReLU removal asked for, then the passes in order. {@link IllegalArgumentException} when
     * {@code INNER} is asked of a model without residual blocks; {@link FoldCheckException} when a pass, or the
     * whole, fails its check.
     */
    public static Outcome run(Graph model, DropRelus drop, List<Pass> passList, Probe probe) {
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
            passList = mergingAfter(passList, model, inner);
            mergeSeconds += removal.rewriteSeconds();
        }
        DoubleTensor reference = probe.output(start);
        List<PassResult> passes = Pass.runAll(passList, start, probe);
        for (PassResult p : passes) {
            mergeSeconds += p.rewriteSeconds();
        }
        Graph result = passes.isEmpty() ? start : passes.get(passes.size() - 1).graph();
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
