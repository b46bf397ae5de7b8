package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.io.IOException;
import java.nio.file.Path;
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
        ChannelMasks masks = ChannelSelection.binarise(trained.graph(), trained.alphas(), allowed);
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
     * Joint: the seed's selection and merge down to the block stage's target (as far as merges go, never beyond the
     * budget, or {@code --block-reduction}), then, when that is not yet the budget, channel masks on the ReLU layers
     * the student kept, trained from it as {@code snl} does.
     */
    private static ShallowPipeline.Prepared joint(Graph teacher, EngineModel teacherModel, TrainingRun.Data data,
                                                  ImageSet calibration, ShallowSettings s, Path out,
                                                  ObjectNode measured, ShallowPipeline.Listener listener)
            throws IOException {
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        ShallowPipeline.checkReachable(teacher, s);
        ShallowSettings block = s.withBudget(blockBudget(teacher, s));
        ShallowPipeline.Planned planned = measured == null
                ? ShallowPipeline.plan(teacher, data, calibration, block, out, listener)
                : ShallowPipeline.plan(teacher, measured, block, out, listener);
        ObjectNode early = Checkpoint.json().createObjectNode();
        Graph student = ShallowPipeline.beforeFineTuning(
                Shallowing.student(teacher, planned.selection().selected(), s.kernel()), ChannelMasks.none(), early,
                calibration, data, s, listener);
        ObjectNode plan = ShallowPipeline.planJson(planned.selection(), block, early);
        plan.put("blockBudget", block.budget().describeTargets());
        plan.put("budget", s.budget().describeTargets());
        if (CostAnalysis.of(student).relus() > allowed) {
            listener.message("channel stage: " + CostAnalysis.of(student).relus() + " ReLUs after the block stage, "
                    + allowed + " allowed");
            ChannelTraining.Result trained = ChannelTraining.train(student, teacherModel, allowed, data,
                    s.reduction().channels(), s.fineTune(), s.kdTemperature(), s.kdWeight(), listener);
            ChannelMasks masks = ChannelSelection.binarise(trained.graph(), trained.alphas(), allowed);
            ObjectNode afterMasks = Checkpoint.json().createObjectNode();
            student = ShallowPipeline.beforeFineTuning(trained.graph(), masks, afterMasks, calibration, data, s,
                    listener);
            channelStage(plan, trained, masks, student);
            plan.set("studentAfterChannelStage", afterMasks);
        } else {
            predicted(plan, student, ChannelMasks.none());
        }
        return new ShallowPipeline.Prepared(plan, planned.sensitivity(), student);
    }

    /**
     * The block stage's budget: a ReLU count of the larger of the target and what the stage aims for (removing every
     * merge candidate, or {@code --block-reduction}); MAC and latency targets and named blocks as given.
     */
    static Budget blockBudget(Graph teacher, ShallowSettings s) {
        Budget b = s.budget();
        if (b.isNamed()) {
            return new Budget(null, null, b.macReduction(), b.latencyReduction(), b.profile(), b.blocks());
        }
        long teacherRelus = CostAnalysis.of(teacher).relus();
        long floor;
        if (s.reduction().blockReduction() != null) {
            floor = (long) Math.floor(teacherRelus / s.reduction().blockReduction());
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
    private static void channelStage(ObjectNode plan, ChannelTraining.Result trained, ChannelMasks masks,
                                     Graph student) {
        plan.set(ShallowPipeline.MASKS, masks.toJson());
        plan.set("channelTraining", trained.log());
        predicted(plan, student, masks);
    }

    private static void predicted(ObjectNode plan, Graph student, ChannelMasks masks) {
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
