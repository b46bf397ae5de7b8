package dev.shallowpi.method;

import dev.shallowpi.fold.Equivalence;
import dev.shallowpi.fold.FoldPipeline;
import dev.shallowpi.fold.Pass;
import dev.shallowpi.fold.Probe;
import dev.shallowpi.fold.Rewrite;
import dev.shallowpi.fold.Skip;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.KernelMode;

import java.util.List;

/**
 * The deployed form of a (trained) student: BN folded, linear chains merged (the merge-ready pairs of
 * {@link KernelMode#EXACT}), shortcuts folded where a whole residual span became one conv. The fold passes check
 * themselves and the whole against the student; a failure is a {@code fold.FoldCheckException}.
 */
public final class Deployment {
    private Deployment() {
    }

    /**
     * @param graph    the model to export
     * @param rewrites what was folded and merged, pass by pass
     * @param skips    what could have been merged but was left alone, with the reason
     * @param check    the deployed model against the student, on the probe inputs
     */
    public record Deployed(Graph graph, List<Rewrite> rewrites, List<Skip> skips, Equivalence.Result check) {
        public Deployed {
            rewrites = List.copyOf(rewrites);
            skips = List.copyOf(skips);
        }
    }

    public static Deployed deploy(Graph student) {
        return deploy(student, Probe.standard());
    }

    /**
     * The deployed form of a student whose methods merge nothing (culling, channel masks): BN folded into the layer
     * before it and nothing else, the pass checking itself. Convs a removed ReLU left adjacent stay two convs, as
     * those methods have them.
     */
    public static Deployed foldBatchNormsOnly(Graph student) {
        return deploy(student, FoldPipeline.BATCH_NORM_ONLY, Probe.standard());
    }

    public static Deployed deploy(Graph student, Probe probe) {
        return deploy(student, FoldPipeline.MERGE, probe);
    }

    /**
     * The deployed form of a student made from {@code teacher} by removing the ReLUs {@code removed}: the layers
     * around each merge even where the merged layer costs more MACs (an exact kernel that grows, as asked), while
     * layers the teacher had adjacent already merge only where that costs no more.
     */
    public static Deployed deploy(Graph student, Graph teacher, List<String> removed) {
        return deploy(student, FoldPipeline.mergingAfter(FoldPipeline.MERGE, teacher, removed), Probe.standard());
    }

    private static Deployed deploy(Graph student, List<Pass> passes, Probe probe) {
        FoldPipeline.Outcome o = FoldPipeline.run(student, FoldPipeline.DropRelus.NONE, passes, probe);
        return new Deployed(o.result(), o.rewrites(), o.skips(), o.endToEnd());
    }
}
