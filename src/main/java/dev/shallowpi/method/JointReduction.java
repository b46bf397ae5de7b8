package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.engine.TrainingDivergedException;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Joint: the seed's selection and merge down to a block-stage target, then, when that is not yet the budget,
 * channel masks on the ReLU layers the student kept, trained from it as {@code snl} does.
 *
 * <p>The block stage's target is {@code --block-reduction} when given. Otherwise joint chooses it: it tries
 * {@link #SPLITS} targets spaced evenly in log-ratio up to as far as the merge candidates go (never beyond the
 * budget), runs each through both stages, and keeps the one whose student, masks and re-estimated BN
 * statistics included, is most accurate on the calibration split (held-out training images; the test set plays
 * no part; the BN statistics are re-estimated on the same images, alike for every try). No one split is best
 * at every budget: merging as far as possible lost to a smaller block stage on the demo teacher (BENCHMARKS.md).
 * A try whose training diverges (a NaN or exploding loss) is passed over; the run fails only when every try does.
 * Every try is recorded in the plan.
 */
final class JointReduction implements Reduction {
    @Override
    public Prepared prepare(MethodContext c) throws IOException {
        Graph teacher = c.in().teacher();
        ShallowSettings s = c.settings();
        Sensitivity sensitivity = c.sensitivityForSelection();
        List<Double> splits = s.reduction().blockReduction() != null
                ? List.of(s.reduction().blockReduction()) : splits(teacher, s);
        List<JointTrial> trials = new ArrayList<>();
        TrainingDivergedException failed = null;
        for (Double split : splits) {
            ShallowSettings block = s.withBudget(blockBudget(teacher, s, split));
            Planned planned = Planning.plan(c.in(), sensitivity, block, c.out(), c.listener());
            if (trials.stream().anyMatch(t -> t.spec().planned().selection().names().equals(
                    planned.selection().names()))) {
                continue; // a coarser ratio that selects the same layers: the same try
            }
            JointTrial.Spec spec = new JointTrial.Spec(split, block, planned);
            try {
                trials.add(JointTrial.run(c, spec, splits.size() > 1));
            } catch (TrainingDivergedException e) {
                if (splits.size() == 1) {
                    throw e;
                }
                // one try's training diverging says nothing against the others: it is recorded and passed over
                c.listener().message("joint try: block stage " + block.budget().describeTargets() + ": training "
                        + "diverged (" + e.getMessage() + "), passed over");
                failed = e;
                trials.add(JointTrial.diverged(spec, e.getMessage()));
            }
        }
        JointTrial best = JointTrial.choose(trials);
        if (best == null) {
            throw failed; // every try diverged
        }
        if (trials.size() > 1) {
            announce(best, trials, c.listener());
        }
        return new Prepared(plan(best, trials, s), sensitivity, best.stages().student());
    }

    /**
     * The chosen try's plan: its block stage's selection, then its channel stage, and every try when there were
     * several.
     */
    private static Plan plan(JointTrial best, List<JointTrial> trials, ShallowSettings s) {
        ShallowSettings block = best.spec().block();
        JointTrial.Stages made = best.stages();
        Plan.Builder plan = Planning.of(best.spec().planned().selection(), block)
                .stages(s.method().cliName(), s.budget().describeTargets(), block.budget().describeTargets())
                .beforeFineTuning(made.early());
        if (made.start() != null) {
            made.start().describe(plan, block.kernel());
        }
        if (made.trained() != null) {
            ChannelStage.record(plan, made.trained(), made.masks(), made.student());
            plan.afterChannelStage(made.afterMasks());
        } else {
            ChannelStage.predicted(plan, made.student(), ChannelMasks.none());
        }
        if (trials.size() > 1) {
            plan.splitSearch(JointTrial.search(trials, best));
        }
        return plan.build();
    }

    private static void announce(JointTrial best, List<JointTrial> trials, MethodListener listener) {
        listener.message(String.format(Locale.ROOT, "joint: block stage %s chosen of %d tries (calibration accuracy "
                + "%.2f%%)", best.spec().block().budget().describeTargets(), trials.size(),
                100 * best.calibrationAccuracy()));
    }

    /** How many block-stage targets joint tries when it chooses the split itself. */
    static final int SPLITS = 3;

    /**
     * The block-stage ratios joint tries: {@code R^(k/SPLITS)} for k = 1..SPLITS, where R is as far as the merge
     * candidates go (capped at the budget); the last is given as null, "as far as merges go", so that it is
     * exactly the block stage the seed's method alone would make. A budget without a ReLU count has one split.
     */
    static List<Double> splits(Graph teacher, ShallowSettings s) {
        List<Double> out = new ArrayList<>();
        Budget furthest = blockBudget(teacher, s, null);
        if (furthest.reluBudget() == null) {
            out.add(null);
            return out;
        }
        double ratio = (double) CostAnalysis.of(teacher).relus() / furthest.reluBudget();
        for (int k = 1; k < SPLITS; k++) {
            double r = Math.pow(ratio, (double) k / SPLITS);
            if (r > 1.0001) {
                out.add(r);
            }
        }
        out.add(null);
        return out;
    }

    /** {@link #blockBudget(Graph, ShallowSettings, Double)} at {@code --block-reduction} (null: furthest). */
    static Budget blockBudget(Graph teacher, ShallowSettings s) {
        return blockBudget(teacher, s, s.reduction().blockReduction());
    }

    /**
     * The block stage's budget: a ReLU count of the larger of the target and what the stage aims for (removing every
     * merge candidate when {@code ratio} is null, else the teacher's ReLUs over {@code ratio}); MAC and latency
     * targets and named blocks as given.
     */
    static Budget blockBudget(Graph teacher, ShallowSettings s, Double ratio) {
        Budget b = s.budget();
        if (b.isNamed()) {
            return new Budget(null, null, b.macReduction(), b.latencyReduction(), b.profile(), b.blocks());
        }
        long teacherRelus = CostAnalysis.of(teacher).relus();
        long floor;
        if (ratio != null) {
            floor = (long) Math.floor(teacherRelus / ratio);
        } else {
            floor = teacherRelus;
            for (Candidate c : Candidates.find(teacher)) {
                floor -= c.isMerge() ? c.relus() : 0;
            }
        }
        long target = Math.max(b.allowedRelus(teacherRelus), floor);
        return new Budget(null, target, b.macReduction(), b.latencyReduction(), b.profile(), List.of());
    }

    @Override
    public boolean merges() {
        return true;
    }

    @Override
    public boolean masksChannels() {
        return true;
    }

    /** The block stage's: the channel stage reaches any ReLU count from there. */
    @Override
    public Budget selectionBudget(Graph teacher, ShallowSettings s) {
        return blockBudget(teacher, s);
    }

    @Override
    public void check(Budget b, String name) {
        if (!b.hasReluTarget()) {
            throw BudgetRules.needsReluTarget(name);
        }
    }
}
