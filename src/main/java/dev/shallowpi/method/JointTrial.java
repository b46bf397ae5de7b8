package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;

import java.util.List;
import java.util.Locale;

/**
 * One try of joint's split between its stages: the block stage to one target, then the channel stage to the
 * budget when the block stage left more ReLUs than that, and the student's accuracy on the calibration split.
 *
 * @param split               the block stage's requested ratio (null: as far as the merge candidates go)
 * @param trained             the channel stage's result, null when the block stage alone met the budget
 * @param early               test accuracies of the block-stage student (reported, not used to choose)
 * @param afterMasks          the same after the channel stage, null without one
 * @param calibrationAccuracy the final student's accuracy on the calibration split, masks and re-estimated BN
 *                            statistics included (NaN when it was not measured: a single try, or one that diverged)
 * @param divergence          why the try's training stopped on a non-finite loss; null when it did not
 */
record JointTrial(Double split, ShallowSettings block, ShallowPipeline.Planned planned, Graph student,
                  ChannelMasks masks, ChannelTraining.Result trained, ObjectNode early, ObjectNode afterMasks,
                  double calibrationAccuracy, String divergence) {

    /** A try whose training diverged: no student, never chosen, recorded with the reason. */
    static JointTrial diverged(Double split, ShallowSettings block, ShallowPipeline.Planned planned, String why) {
        return new JointTrial(split, block, planned, null, null, null, null, null, Double.NaN, why);
    }

    static JointTrial run(Graph teacher, EngineModel teacherModel, TrainingRun.Data data, ImageSet calibration,
                          ShallowSettings s, ShallowSettings block, ShallowPipeline.Planned planned, Double split,
                          boolean measure, ShallowPipeline.Listener listener) {
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        ObjectNode early = Checkpoint.json().createObjectNode();
        Graph student = ShallowPipeline.beforeFineTuning(
                Shallowing.student(teacher, planned.selection().selected(), s.kernel()), ChannelMasks.none(), early,
                calibration, data, s, listener);
        ChannelMasks masks = ChannelMasks.none();
        ChannelTraining.Result trained = null;
        ObjectNode afterMasks = null;
        long left = CostAnalysis.of(student).relus();
        if (left > allowed) {
            listener.message("channel stage: " + left + " ReLUs after the block stage, " + allowed + " allowed");
            trained = ChannelTraining.train(student, teacherModel, allowed, data, s.reduction().channels(),
                    s.fineTune(), s.kdTemperature(), s.kdWeight(), listener);
            masks = trained.masks();
            afterMasks = Checkpoint.json().createObjectNode();
            student = ShallowPipeline.beforeFineTuning(trained.graph(), masks, afterMasks, calibration, data, s,
                    listener);
        }
        double accuracy = Double.NaN;
        if (measure) {
            accuracy = ShallowPipeline.accuracyOn(student, masks, calibration, data);
            listener.message(String.format(Locale.ROOT, "joint try: block stage %s (%d ReLUs)%s: calibration "
                            + "accuracy %.2f%%", block.budget().describeTargets(), left,
                    trained != null ? ", then channel masks" : "", 100 * accuracy));
        }
        return new JointTrial(split, block, planned, student, masks, trained, early, afterMasks, accuracy, null);
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
    static ObjectNode searchJson(List<JointTrial> trials, JointTrial chosen) {
        ObjectNode o = Checkpoint.json().createObjectNode();
        o.put("criterion", "accuracy on the calibration split of the student after both stages (masks and "
                + "re-estimated BN statistics included, before fine-tuning); ties to the larger block stage");
        ArrayNode list = o.putArray("tries");
        for (JointTrial t : trials) {
            ObjectNode e = list.addObject();
            if (t.split() == null) {
                e.put("blockReduction", "as far as merges go");
            } else {
                e.put("blockReduction", t.split());
            }
            e.put("blockBudget", t.block().budget().describeTargets());
            e.put("blockStageRelus", t.planned().selection().student().relus());
            ArrayNode names = e.putArray("selected");
            t.planned().selection().names().forEach(names::add);
            if (t.divergence() != null) {
                e.put("diverged", t.divergence());
            } else {
                e.put("channelStage", t.trained() != null);
                e.put("calibrationAccuracy", t.calibrationAccuracy());
            }
            e.put("chosen", t == chosen);
        }
        return o;
    }
}
