package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.results.EarlyAccuracy;
import dev.shallowpi.results.JointSearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One try of joint's split between its stages: the block stage to one target, then the channel stage to the
 * budget when the block stage left more ReLUs than that, and the student's accuracy on the calibration split.
 *
 * @param stages              what the try made; null for a try that diverged
 * @param calibrationAccuracy the final student's accuracy on the calibration split, masks and re-estimated BN
 *                            statistics included (NaN when it was not measured: a single try, or one that diverged)
 * @param divergence          why the try's training stopped on a diverging loss; null when it did not
 */
record JointTrial(Spec spec, Stages stages, double calibrationAccuracy, String divergence) {

    /**
     * What a try is asked for.
     *
     * @param split the block stage's requested ratio (null: as far as the merge candidates go)
     * @param block the settings under the block stage's budget
     */
    record Spec(Double split, ShallowSettings block, Planned planned) {
    }

    /**
     * What a try made.
     *
     * @param trained    the channel stage's result, null when the block stage alone met the budget
     * @param early      test accuracies of the block-stage student (reported, not used to choose)
     * @param afterMasks the same after the channel stage, null without one
     * @param start      how the block stage's merged convs started (null in tests that make no student)
     */
    record Stages(Graph student, ChannelMasks masks, ChannelTraining.Result trained, EarlyAccuracy early,
                  EarlyAccuracy afterMasks, ShallowStudent start) {
    }

    /** A try whose training diverged: no student, never chosen, recorded with the reason. */
    static JointTrial diverged(Spec spec, String why) {
        return new JointTrial(spec, null, Double.NaN, why);
    }

    /**
     * Runs one try under the whole run's settings ({@code c}: the budget the channel stage works to).
     *
     * @param measure whether to measure the calibration accuracy (only when there is a choice to make)
     */
    static JointTrial run(MethodContext c, Spec spec, boolean measure) {
        ShallowSettings s = c.settings();
        long allowed = s.budget().allowedRelus(CostAnalysis.of(c.in().teacher()).relus());
        ShallowStudent start = ShallowStudent.of(c.in().teacher(), spec.planned().selection().selected(), c);
        Students.Rewritten block = Students.beforeFineTuning(start.graph(), ChannelMasks.none(), c);
        Graph student = block.student();
        ChannelMasks masks = ChannelMasks.none();
        ChannelTraining.Result trained = null;
        EarlyAccuracy afterMasks = null;
        long left = CostAnalysis.of(student).relus();
        if (left > allowed) {
            c.listener().message("channel stage: " + left + " ReLUs after the block stage, " + allowed + " allowed");
            trained = ChannelTraining.train(student, allowed, c);
            masks = trained.masks();
            Students.Rewritten channels = Students.beforeFineTuning(trained.graph(), masks, c);
            student = channels.student();
            afterMasks = channels.accuracy();
        }
        double accuracy = Double.NaN;
        if (measure) {
            accuracy = Students.accuracyOn(student, masks, c.in().calibration(), c.in().data());
            c.listener().message(String.format(Locale.ROOT, "joint try: block stage %s (%d ReLUs)%s: calibration "
                            + "accuracy %.2f%%", spec.block().budget().describeTargets(), left,
                    trained != null ? ", then channel masks" : "", 100 * accuracy));
        }
        Stages stages = new Stages(student, masks, trained, block.accuracy(), afterMasks, start);
        return new JointTrial(spec, stages, accuracy, null);
    }

    /**
     * The try joint keeps: the most accurate on the calibration split among those that did not diverge, ties to
     * the later, larger block stage (the shallower student); null when every try diverged.
     */
    static JointTrial choose(List<JointTrial> trials) {
        JointTrial best = null;
        for (JointTrial t : trials) {
            if (t.divergence() == null && (best == null || t.calibrationAccuracy() >= best.calibrationAccuracy())) {
                best = t;
            }
        }
        return best;
    }

    /** The tries and the choice, for the plan. */
    static JointSearch search(List<JointTrial> trials, JointTrial chosen) {
        List<JointSearch.Try> list = new ArrayList<>();
        for (JointTrial t : trials) {
            Spec sp = t.spec();
            boolean diverged = t.divergence() != null;
            list.add(new JointSearch.Try(sp.split() == null ? "as far as merges go" : sp.split(),
                    sp.block().budget().describeTargets(), sp.planned().selection().student().relus(),
                    sp.planned().selection().names(), t.divergence(),
                    diverged ? null : t.stages().trained() != null, diverged ? null : t.calibrationAccuracy(),
                    t == chosen));
        }
        return new JointSearch("accuracy on the calibration split of the student after both stages (masks and "
                + "re-estimated BN statistics included, before fine-tuning); ties to the larger block stage", list);
    }
}
