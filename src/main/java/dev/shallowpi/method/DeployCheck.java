package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Logits;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.results.Verification;

/**
 * The deployed model against the trained student (with its channel masks as fixed gates) on every test image,
 * both in the same runtime (the engine when the student has masks, which only the engine runs; else the runtime of
 * evaluation), and against the budget. Fold passes already checked each rewrite in double precision; this checks the
 * whole model, masks lowered to gathers and concats included, on real data in the precision users run.
 */
final class DeployCheck {
    /** Largest logit difference tolerated between the deployed model and the student, both run in float. */
    static final double DEPLOY_TOLERANCE = 1e-3;

    private DeployCheck() {
    }

    /** What was deployed from what, and under which budget. */
    record Deployed(Graph teacher, Graph student, ChannelMasks masks, Deployment.Deployed deployed) {
    }

    /** Identical predictions and the largest logit difference, or an error when the gap shows a broken deploy. */
    static Verification verify(Deployed d, TrainingRun.Data data, ShallowSettings s) {
        float[][] a;
        float[][] b;
        try (EngineModel sm = EngineModel.frozen(d.student(), d.masks().gates());
             EngineModel dm = EngineModel.frozen(d.deployed().graph())) {
            if (!d.masks().gates().isEmpty()) {
                dm.inEngineOnly();
            }
            a = Logits.of(sm, data.test(), data.normalization(), 256);
            b = Logits.of(dm, data.test(), data.normalization(), 256);
        }
        int mismatches = 0;
        double maxDiff = 0;
        for (int i = 0; i < a.length; i++) {
            mismatches += Logits.argmax(a[i]) == Logits.argmax(b[i]) ? 0 : 1;
            for (int j = 0; j < a[i].length; j++) {
                maxDiff = Math.max(maxDiff, Math.abs(a[i][j] - b[i][j]));
            }
        }
        // The fold passes already refused any rewrite that is not exact in double precision; a float-level gap
        // this large could only mean a broken deployment, so nothing is written as if it were the model.
        if (maxDiff > DEPLOY_TOLERANCE) {
            throw new IllegalStateException("the deployed model differs from the trained student by " + maxDiff
                    + " in a logit (tolerance " + DEPLOY_TOLERANCE + "); nothing was deployed");
        }
        return new Verification(a.length, mismatches, maxDiff, Logits.accuracy(b, data.test().labels()),
                Logits.accuracy(a, data.test().labels()), d.deployed().check().maxAbsDiff(),
                d.deployed().check().maxRelDiff(), budgetCheck(d.teacher(), d.deployed().graph(), s));
    }

    /**
     * The deployed model's ReLUs, counted by {@code CostAnalysis}, against the most the budget allows: every method
     * lands at or under it. A model over it is not deployed: the prediction it was selected by was wrong.
     */
    private static Verification.BudgetCheck budgetCheck(Graph teacher, Graph deployed, ShallowSettings s) {
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        long relus = CostAnalysis.of(deployed).relus();
        if (relus > allowed) {
            throw new IllegalStateException("the deployed model computes " + relus + " ReLUs, over the " + allowed
                    + " the budget allows; nothing was deployed");
        }
        return new Verification.BudgetCheck(allowed == Long.MAX_VALUE ? null : allowed, relus);
    }
}
