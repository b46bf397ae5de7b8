package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.NonFiniteLossException;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The students of the methods besides the seed's ({@link ShallowPipeline} fine-tunes, deploys and verifies them
 * all alike): {@code cull} removes the least sensitive whole ReLU layers and merges nothing; {@code snl} trains
 * per-channel alphas to the budget and binarises them; {@code joint} makes the seed's student first and then
 * masks channels of the ReLU layers it kept, down to the budget. Each writes {@code sensitivity.json} and returns
 * its plan; channel masks go into the plan under {@link ShallowPipeline#MASKS}.
 */
final class Reductions {
    private Reductions() {
    }

    static ShallowPipeline.Prepared prepare(Graph teacher, EngineModel teacherModel, TrainingRun.Data data,
                                            ImageSet calibration, ShallowSettings s, Path out, ObjectNode measured,
                                            ShallowPipeline.Listener listener) throws IOException {
        return switch (s.method()) {
            case CULL -> cull(teacher, data, calibration, s, out, measured, listener);
            case SNL -> snl(teacher, teacherModel, data, calibration, s, out, listener);
            case JOINT -> joint(teacher, teacherModel, data, calibration, s, out, measured, listener);
            case SHALLOW -> throw new IllegalArgumentException("the seed's method is ShallowPipeline's own");
        };
    }

    /**
     * Culling: the selection (least total sensitivity that meets the ReLU target, as the seed's) over every ReLU
     * layer, the ReLUs removed, nothing merged.
     */
    private static ShallowPipeline.Prepared cull(Graph teacher, TrainingRun.Data data, ImageSet calibration,
                                                 ShallowSettings s, Path out, ObjectNode measured,
                                                 ShallowPipeline.Listener listener) throws IOException {
        ShallowPipeline.checkReachable(teacher, s);
        ObjectNode sensitivity = measured != null ? measured
                : ShallowPipeline.measureSensitivity(teacher, data, calibration, s, listener);
        AtomicFiles.writeString(out.resolve("sensitivity.json"), ShallowPipeline.pretty(sensitivity));
        SelectionResult chosen = Selection.select(teacher, Candidates.find(teacher),
                ShallowPipeline.scores(sensitivity), s.budget(), s.kernel());
        listener.message(String.format(java.util.Locale.ROOT, "culling %d ReLU layers (%s): %d ReLUs left",
                chosen.selected().size(), chosen.describeSearch(), chosen.student().relus()));
        ObjectNode early = Checkpoint.json().createObjectNode();
        Graph student = ShallowPipeline.beforeFineTuning(Culling.student(teacher, chosen.names()),
                ChannelMasks.none(), early, calibration, data, s, listener);
        ObjectNode plan = head(s, "none (nothing merges)");
        plan.put("search", chosen.describeSearch());
        plan.put("pool", chosen.pool());
        ArrayNode names = plan.putArray("selected");
        chosen.names().forEach(names::add);
        predicted(plan, student, ChannelMasks.none());
        plan.set("studentBeforeFineTuning", early);
        return new ShallowPipeline.Prepared(plan, sensitivity, student);
    }

    /** SNL: channel alphas on every ReLU layer of the teacher, trained to the budget, binarised. */
    private static ShallowPipeline.Prepared snl(Graph teacher, EngineModel teacherModel, TrainingRun.Data data,
                                                ImageSet calibration, ShallowSettings s, Path out,
                                                ShallowPipeline.Listener listener) throws IOException {
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        ChannelTraining.Result trained = ChannelTraining.train(teacher, teacherModel, allowed, data,
                s.reduction().channels(), s.fineTune(), s.kdTemperature(), s.kdWeight(), listener);
        ChannelMasks masks = trained.masks();
        ObjectNode sensitivity = channelSensitivity(trained, masks, s);
        AtomicFiles.writeString(out.resolve("sensitivity.json"), ShallowPipeline.pretty(sensitivity));
        ObjectNode early = Checkpoint.json().createObjectNode();
        Graph student = ShallowPipeline.beforeFineTuning(trained.graph(), masks, early, calibration, data, s,
                listener);
        ObjectNode plan = head(s, "none (nothing merges)");
        ArrayNode gone = plan.putArray("selected");
        masks.masks().forEach((relu, keep) -> {
            if (ChannelMasks.count(keep) == 0) {
                gone.add(relu);
            }
        });
        channelStage(plan, trained, masks, student);
        plan.set("studentBeforeFineTuning", early);
        return new ShallowPipeline.Prepared(plan, sensitivity, student);
    }

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
     * A try whose training diverges (a non-finite loss) is passed over; the run fails only when every try does.
     * Every try is recorded in the plan.
     */
    private static ShallowPipeline.Prepared joint(Graph teacher, EngineModel teacherModel, TrainingRun.Data data,
                                                  ImageSet calibration, ShallowSettings s, Path out,
                                                  ObjectNode measured, ShallowPipeline.Listener listener)
            throws IOException {
        ShallowPipeline.checkReachable(teacher, s);
        ObjectNode sensitivity = measured != null ? measured
                : ShallowPipeline.measureSensitivity(teacher, data, calibration, s, listener);
        List<Double> splits = s.reduction().blockReduction() != null
                ? List.of(s.reduction().blockReduction()) : splits(teacher, s);
        List<JointTrial> trials = new ArrayList<>();
        NonFiniteLossException failed = null;
        for (Double split : splits) {
            ShallowSettings block = s.withBudget(blockBudget(teacher, s, split));
            ShallowPipeline.Planned planned = ShallowPipeline.plan(teacher, sensitivity, block, out, listener);
            if (trials.stream().anyMatch(t -> t.planned().selection().names().equals(
                    planned.selection().names()))) {
                continue; // a coarser ratio that selects the same layers: the same try
            }
            try {
                trials.add(JointTrial.run(teacher, teacherModel, data, calibration, s, block, planned, split,
                        splits.size() > 1, listener));
            } catch (NonFiniteLossException e) {
                if (splits.size() == 1) {
                    throw e;
                }
                // one try's training diverging says nothing against the others: it is recorded and passed over
                listener.message("joint try: block stage " + block.budget().describeTargets() + ": training "
                        + "diverged (" + e.getMessage() + "), passed over");
                failed = e;
                trials.add(JointTrial.diverged(split, block, planned, e.getMessage()));
            }
        }
        JointTrial best = JointTrial.choose(trials);
        if (best == null) {
            throw failed; // every try diverged
        }
        ObjectNode plan = ShallowPipeline.planJson(best.planned().selection(), best.block(), best.early());
        plan.put("blockBudget", best.block().budget().describeTargets());
        plan.put("budget", s.budget().describeTargets());
        if (best.trained() != null) {
            channelStage(plan, best.trained(), best.masks(), best.student());
            plan.set("studentAfterChannelStage", best.afterMasks());
        } else {
            predicted(plan, best.student(), ChannelMasks.none());
        }
        if (trials.size() > 1) {
            plan.set("splitSearch", JointTrial.searchJson(trials, best));
            listener.message(String.format(java.util.Locale.ROOT, "joint: block stage %s chosen of %d tries "
                    + "(calibration accuracy %.2f%%)", best.block().budget().describeTargets(), trials.size(),
                    100 * best.calibrationAccuracy()));
        }
        return new ShallowPipeline.Prepared(plan, sensitivity, best.student());
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

    private static ObjectNode head(ShallowSettings s, String kernel) {
        ObjectNode p = Checkpoint.json().createObjectNode();
        p.put("method", s.method().cliName());
        p.put("budget", s.budget().describeTargets());
        p.put("kernel", kernel);
        return p;
    }

    /** The masks and the mask training's log into the plan, and the counts they give. */
    static void channelStage(ObjectNode plan, ChannelTraining.Result trained, ChannelMasks masks,
                                     Graph student) {
        plan.set(ShallowPipeline.MASKS, masks.toJson());
        plan.set("channelTraining", trained.log());
        predicted(plan, student, masks);
    }

    static void predicted(ObjectNode plan, Graph student, ChannelMasks masks) {
        Graph lowered = MaskLowering.apply(student, masks);
        var cost = CostAnalysis.of(lowered);
        plan.put("predictedRelus", cost.relus());
        plan.put("predictedReluDepth", cost.reluDepth());
    }

    /**
     * SNL's sensitivity, in the form reports draw: one entry per ReLU layer, scored by its mean |alpha| after mask
     * training (1: keeps the ReLU, 0: the identity), with every channel's alpha and how many channels kept their
     * ReLU.
     */
    private static ObjectNode channelSensitivity(ChannelTraining.Result trained, ChannelMasks masks,
                                                 ShallowSettings s) {
        ObjectNode root = Checkpoint.json().createObjectNode();
        root.put("method", "snl");
        root.put("threshold", s.reduction().channels().threshold());
        ArrayNode list = root.putArray("candidates");
        Graph g = trained.graph();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Relu)) {
                continue;
            }
            float[] a = trained.alphas().get(n.name());
            double sum = 0;
            ArrayNode alphas = Checkpoint.json().createArrayNode();
            for (float v : a) {
                sum += Math.abs(v);
                alphas.add(v);
            }
            boolean[] keep = masks.mask(n.name());
            ObjectNode o = list.addObject();
            o.put("name", n.name());
            o.put("kind", "channels");
            o.put("relus", g.shape(n.name()).elements());
            o.put("channels", a.length);
            o.put("keptChannels", keep == null ? a.length : ChannelMasks.count(keep));
            o.put("score", sum / a.length);
            o.set("alphas", alphas);
        }
        return root;
    }
}
