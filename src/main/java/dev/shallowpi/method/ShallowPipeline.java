package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.BatchNormCalibration;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Logits;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.report.PiReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's method end to end: candidates, sensitivity, selection under the budget, the student (ReLUs
 * removed, pairs rewritten), BN re-estimation, distillation fine-tuning, deployment (exact folds and merges,
 * self-checked) and verification of the deployed model against the trained student on the whole test set. The
 * other methods ({@code --method cull|snl|joint}) make their students in {@link Reductions} and share the rest:
 * their channel masks travel in the plan, train as fixed gates, and are lowered to structure
 * ({@link MaskLowering}) before deployment, which merges only for the methods that made pairs mergeable.
 *
 * <p>Writes into {@code out}: {@code sensitivity.json}, {@code plan.json} (the selection), {@code student/} (a
 * training checkpoint, so {@code resume} continues the fine-tuning), {@code deployed/checkpoint.zip}, the deployed
 * model as the {@link DeployedExport} writes it (the CLI: {@code model.onnx}, checked in ONNX Runtime) and
 * {@code report.json}.
 */
public final class ShallowPipeline {
    /** Largest logit difference tolerated between the deployed model and the student, both run in float. */
    static final double DEPLOY_TOLERANCE = 1e-3;

    private ShallowPipeline() {
    }

    /** Where the pipeline reports progress; the CLI prints it. */
    public interface Listener extends TrainingRun.Listener {
        default void message(String text) {
        }

        default StepListener gateSteps() {
            return StepListener.NONE;
        }
    }

    /** The deployed model and the report written next to it. */
    public record Result(Graph deployed, ObjectNode report) {
    }

    public static Result run(Graph teacher, ObjectNode teacherInfo, TrainingRun.Data data, ImageSet calibration,
                             ShallowSettings s, Path out, boolean resume, DeployedExport export, Listener listener) {
        return run(teacher, teacherInfo, data, calibration, s, out, resume, null, export, listener);
    }

    /**
     * The same, with the sensitivity measured already ({@link #measureSensitivity}; a sweep measures once for all
     * its budgets), or null to measure it here.
     */
    public static Result run(Graph teacher, ObjectNode teacherInfo, TrainingRun.Data data, ImageSet calibration,
                             ShallowSettings s, Path out, boolean resume, ObjectNode measured, DeployedExport export,
                             Listener listener) {
        try {
            Files.createDirectories(out);
            Path studentDir = out.resolve("student");
            ObjectNode plan;
            ObjectNode sensitivity;
            try (EngineModel teacherModel = EngineModel.frozen(teacher)) {
                double teacherAccuracy = accuracy(teacherModel, data);
                if (resume) {
                    plan = (ObjectNode) readJson(out.resolve("plan.json"));
                    sensitivity = (ObjectNode) readJson(out.resolve("sensitivity.json"));
                } else {
                    Prepared prepared = s.method() == ReductionMethod.SHALLOW
                            ? prepareShallow(teacher, data, calibration, s, out, measured, listener)
                            : Reductions.prepare(teacher, teacherModel, data, calibration, s, out, measured, listener);
                    plan = prepared.plan();
                    sensitivity = prepared.sensitivity();
                    AtomicFiles.writeString(out.resolve("plan.json"), pretty(plan));
                    new Checkpoint(prepared.student(), Map.of(), studentState(teacherInfo, s)).write(studentDir);
                }
                // channel masks are no weights: the plan keeps them, and the student trains with them as fixed gates
                JsonNode maskJson = plan.path(MASKS);
                ObjectNode state = TrainingRun.resume(new TrainingRun.Setup(cfg -> new Distillation(teacherModel,
                        s.kdTemperature(), s.kdWeight()), data, studentDir, listener,
                        g -> EngineModel.gated(g, masks(maskJson, g).gates())));
                Graph trained = Checkpoint.read(studentDir).graph();
                ChannelMasks masks = masks(maskJson, trained);
                Graph lowered = MaskLowering.apply(trained, masks);
                Deployment.Deployed deployed = s.method().merges() ? Deployment.deploy(lowered)
                        : Deployment.foldBatchNormsOnly(lowered);
                ObjectNode verification = verify(trained, masks, deployed, data);
                verification.set("budget", budgetCheck(teacher, deployed.graph(), s));
                new Checkpoint(deployed.graph(), Map.of(), Checkpoint.json().createObjectNode()
                        .put("kind", "deployed")).write(out.resolve("deployed"));
                ObjectNode exported = export.write(deployed.graph(), out);
                ObjectNode report = report(teacher, teacherInfo, teacherAccuracy, plan, sensitivity, state, trained,
                        deployed, verification, s);
                report.set("export", exported);
                AtomicFiles.writeString(out.resolve("report.json"), pretty(report));
                return new Result(deployed.graph(), report);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + out + ": " + e.getMessage(), e);
        }
    }

    /** The sensitivity of every candidate and the selection they lead to. */
    public record Planned(ObjectNode sensitivity, SelectionResult selection) {
    }

    /** Key of {@code plan.json} under which a plan keeps its channel masks. */
    static final String MASKS = "channelMasks";

    /** What a method hands to fine-tuning: the plan and sensitivity it writes, and the student to train. */
    record Prepared(ObjectNode plan, ObjectNode sensitivity, Graph student) {
    }

    /**
     * The seed's student: the selection's ReLUs removed and their pairs rewritten ({@link Shallowing}), BN
     * statistics re-estimated.
     */
    private static Prepared prepareShallow(Graph teacher, TrainingRun.Data data, ImageSet calibration,
                                           ShallowSettings s, Path out, ObjectNode measured, Listener listener)
            throws IOException {
        Planned planned = measured == null ? plan(teacher, data, calibration, s, out, listener)
                : plan(teacher, measured, s, out, listener);
        SelectionResult chosen = planned.selection();
        ObjectNode early = Checkpoint.json().createObjectNode();
        Graph student = beforeFineTuning(Shallowing.student(teacher, chosen.selected(), s.kernel()),
                ChannelMasks.none(), early, calibration, data, s, listener);
        return new Prepared(planJson(chosen, s, early), planned.sensitivity(), student);
    }

    /**
     * A rewritten student's accuracy, and again after its BN statistics are re-estimated (with its masks as fixed
     * gates), both into {@code early}; returns the student to fine-tune.
     */
    static Graph beforeFineTuning(Graph student, ChannelMasks masks, ObjectNode early, ImageSet calibration,
                                  TrainingRun.Data data, ShallowSettings s, Listener listener) {
        early.put("accuracyAfterRewrite", accuracy(student, masks, data));
        if (s.recalibrate()) {
            student = recalibrated(student, masks, calibration, data, s.fineTune().batchSize());
            early.put("accuracyAfterBnReestimation", accuracy(student, masks, data));
        }
        listener.message(String.format(java.util.Locale.ROOT,
                "student before fine-tuning: test accuracy %.2f%% %s%s",
                100 * early.get("accuracyAfterRewrite").asDouble(),
                masks.isEmpty() ? "after the rewrite" : "with its channel masks", s.recalibrate()
                        ? String.format(java.util.Locale.ROOT, ", %.2f%% after BN re-estimation",
                        100 * early.get("accuracyAfterBnReestimation").asDouble()) : ""));
        return student;
    }

    private static ChannelMasks masks(JsonNode json, Graph student) {
        return json.isObject() ? ChannelMasks.fromJson(json, student) : ChannelMasks.none();
    }

    /**
     * The deployed model's ReLUs, counted by {@code CostAnalysis}, against the most the budget allows: every method
     * lands at or under it. A model over it is not deployed: the prediction it was selected by was wrong.
     */
    private static ObjectNode budgetCheck(Graph teacher, Graph deployed, ShallowSettings s) {
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        long relus = CostAnalysis.of(deployed).relus();
        if (relus > allowed) {
            throw new IllegalStateException("the deployed model computes " + relus + " ReLUs, over the " + allowed
                    + " the budget allows; nothing was deployed");
        }
        ObjectNode o = Checkpoint.json().createObjectNode();
        if (allowed == Long.MAX_VALUE) {
            o.putNull("allowedRelus");
        } else {
            o.put("allowedRelus", allowed);
        }
        o.put("relus", relus);
        return o;
    }

    /**
     * Candidates, sensitivity and selection only: writes {@code sensitivity.json} and {@code plan.json} (without
     * the student's accuracies) and trains nothing.
     */
    public static Planned plan(Graph teacher, TrainingRun.Data data, ImageSet calibration, ShallowSettings s,
                               Path out, Listener listener) throws IOException {
        Files.createDirectories(out);
        checkReachable(teacher, s);
        return plan(teacher, measureSensitivity(teacher, data, calibration, s, listener), s, out, listener);
    }

    /**
     * Refuses a budget no selection meets ({@link BudgetException}, naming the best reachable value). Whether a
     * budget is reachable does not depend on the sensitivities, so an impossible one is refused before minutes
     * of measuring.
     */
    public static void checkReachable(Graph teacher, ShallowSettings s) {
        if (!s.method().usesSensitivity()) {
            return; // channel masks reach any ReLU count
        }
        Budget budget = s.method() == ReductionMethod.JOINT ? Reductions.blockBudget(teacher, s) : s.budget();
        List<Candidate> candidates = Candidates.find(teacher);
        Map<String, Double> uniform = new LinkedHashMap<>();
        candidates.forEach(c -> uniform.put(c.relu(), 1.0));
        Selection.select(teacher, candidates, uniform, budget, s.kernel());
    }

    /**
     * Selection from a measured sensitivity: writes it to {@code sensitivity.json} and the selection to
     * {@code plan.json} (without the student's accuracies).
     */
    public static Planned plan(Graph teacher, ObjectNode sensitivity, ShallowSettings s, Path out, Listener listener)
            throws IOException {
        Files.createDirectories(out);
        List<Candidate> candidates = Candidates.find(teacher);
        AtomicFiles.writeString(out.resolve("sensitivity.json"), pretty(sensitivity));
        SelectionResult chosen = Selection.select(teacher, candidates, scores(sensitivity), s.budget(), s.kernel());
        listener.message(String.format(java.util.Locale.ROOT,
                "selected %d of %d candidates (%s): ReLUs /%.2f, MACs /%.2f, %s latency /%.2f predicted",
                chosen.selected().size(), candidates.size(), chosen.describeSearch(), chosen.reluReduction(),
                chosen.macReduction(), s.profile().name(), latencyReduction(chosen, s.profile())));
        AtomicFiles.writeString(out.resolve("plan.json"), pretty(planJson(chosen, s,
                Checkpoint.json().createObjectNode())));
        return new Planned(sensitivity, chosen);
    }

    /** The sensitivity of every candidate of the teacher ({@code sensitivity.json}'s content), measured. */
    public static ObjectNode measureSensitivity(Graph teacher, TrainingRun.Data data, ImageSet calibration,
                                                ShallowSettings s, Listener listener) {
        ObjectNode sensitivity = measure(teacher, Candidates.find(teacher), data, calibration, s, listener);
        sensitivity.set("inputs", SensitivityInputs.of(teacher, calibration, s));
        return sensitivity;
    }

    private static double latencyReduction(SelectionResult chosen, PiProfile profile) {
        return chosen.teacher().onlineSeconds(profile) / chosen.student().onlineSeconds(profile);
    }

    /**
     * Seeds the student's training checkpoint: epoch 0, the fine-tuning settings, no optimizer state. The run
     * then always starts as a resume, so a fresh start and a restart after a kill are one path.
     */
    private static ObjectNode studentState(ObjectNode teacherInfo, ShallowSettings s) {
        ObjectNode st = Checkpoint.json().createObjectNode();
        st.setAll(teacherInfo);
        st.put("kind", "student");
        st.set("config", TrainingRun.configJson(s.fineTune()));
        st.put("epochsDone", 0);
        st.putArray("history");
        return st;
    }

    private static ObjectNode measure(Graph teacher, List<Candidate> candidates, TrainingRun.Data data,
                                      ImageSet calibration, ShallowSettings s, Listener listener) {
        List<String> relus = new ArrayList<>();
        candidates.forEach(c -> relus.add(c.relu()));
        Map<String, AblationSensitivity.Measurement> ablation = Map.of();
        Map<String, Double> gates = Map.of();
        long totalRelus = CostAnalysis.of(teacher).relus();
        if (s.sensitivity() == SensitivityMethod.ABLATION) {
            listener.message("measuring sensitivity by ablation on " + calibration.size() + " calibration images, "
                    + relus.size() + " candidates");
            ablation = AblationSensitivity.measure(teacher, relus, calibration, data.normalization(),
                    s.fineTune().batchSize(), (m, done, total) -> listener.message(String.format(
                            java.util.Locale.ROOT, "  %2d/%d %-22s KL %.4f  accuracy drop %+.2f points", done, total,
                            m.relu(), m.kl(), 100 * m.accuracyDrop())));
        } else {
            Map<String, Double> share = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                share.put(c.relu(), (double) c.relus() / totalRelus);
            }
            listener.message("measuring sensitivity by gates on " + calibration.size() + " calibration images, "
                    + relus.size() + " candidates");
            gates = GateSensitivity.measure(teacher, share, calibration, data.normalization(), data.augmentation(),
                    s.gate(), listener.gateSteps());
        }
        ObjectNode root = Checkpoint.json().createObjectNode();
        root.put("method", s.sensitivity().cliName());
        root.put("calibrationImages", calibration.size());
        root.put("kernel", s.kernel().cliName());
        ArrayNode list = root.putArray("candidates");
        for (Candidate c : candidates) {
            ObjectNode o = list.addObject();
            o.put("name", c.relu());
            o.put("block", c.block());
            o.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            o.put("relus", c.relus());
            o.put("macsSaved", c.macsSaved(s.kernel()));
            o.put("reluDepthSaved", c.reluDepthSaved());
            o.put("linearDepthSaved", c.linearDepthSaved());
            AblationSensitivity.Measurement m = ablation.get(c.relu());
            if (m != null) {
                o.put("kl", m.kl());
                o.put("accuracyDrop", m.accuracyDrop());
                o.put("score", m.kl());
            } else {
                o.putNull("kl");
                o.putNull("accuracyDrop");
            }
            Double alpha = gates.get(c.relu());
            if (alpha != null) {
                o.put("alpha", alpha);
                o.put("score", alpha);
            } else {
                o.putNull("alpha");
            }
        }
        return root;
    }

    /** The score selection ranks by: KL for ablation, alpha for gates (lower is safer to remove). */
    static Map<String, Double> scores(JsonNode sensitivity) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (JsonNode c : sensitivity.get("candidates")) {
            out.put(c.get("name").asText(), c.get("score").asDouble());
        }
        return out;
    }

    /**
     * Every BN re-estimated on the calibration images, the fresh ones after replaced pairs included: they then
     * standardise the folded conv's output. Measured on ResNet-18 x0.25 / Fashion-MNIST with one block made
     * shallow (2,000 test images): 91.0 % straight after the rewrite, 93.6 % after re-estimating all BNs, and
     * 77.7 % when the fresh BNs were instead made to pass their input through after re-estimation (the BNs
     * downstream had been estimated on standardised inputs).
     */
    private static Graph recalibrated(Graph student, ChannelMasks masks, ImageSet calibration, TrainingRun.Data data,
                                      int batch) {
        try (EngineModel m = EngineModel.gated(student, masks.gates())) {
            BatchNormCalibration.reestimate(m, calibration, data.normalization(), batch);
            return m.toGraph();
        }
    }

    private static double accuracy(Graph g, ChannelMasks masks, TrainingRun.Data data) {
        try (EngineModel m = EngineModel.frozen(g, masks.gates())) {
            return accuracy(m, data);
        }
    }

    /** The accuracy of {@code g} (with its masks as fixed gates) on {@code set}, e.g. the calibration split. */
    static double accuracyOn(Graph g, ChannelMasks masks, ImageSet set, TrainingRun.Data data) {
        try (EngineModel m = EngineModel.frozen(g, masks.gates())) {
            return Logits.accuracy(Logits.of(m, set, data.normalization(), 256), set.labels());
        }
    }

    private static double accuracy(EngineModel m, TrainingRun.Data data) {
        return Logits.accuracy(Logits.of(m, data.test(), data.normalization(), 256), data.test().labels());
    }

    static ObjectNode planJson(SelectionResult chosen, ShallowSettings s, ObjectNode early) {
        ObjectNode p = Checkpoint.json().createObjectNode();
        p.put("method", s.method().cliName());
        p.put("budget", s.budget().describeTargets());
        p.put("kernel", s.kernel().cliName());
        p.put("search", chosen.describeSearch());
        p.put("pool", chosen.pool());
        ArrayNode names = p.putArray("selected");
        chosen.names().forEach(names::add);
        p.put("predictedRelus", chosen.student().relus());
        p.put("predictedMacs", chosen.student().macs());
        p.put("predictedReluReduction", chosen.reluReduction());
        p.put("predictedMacReduction", chosen.macReduction());
        p.put("predictedReluDepth", chosen.student().reluDepth());
        p.put("predictedLinearDepth", chosen.student().linearDepth());
        p.put("piProfile", s.profile().name());
        p.put("predictedOnlineSeconds", chosen.student().onlineSeconds(s.profile()));
        p.put("predictedOnlineLatencyReduction", latencyReduction(chosen, s.profile()));
        p.set("studentBeforeFineTuning", early);
        return p;
    }

    /**
     * The deployed model against the trained student (with its channel masks as fixed gates) on every test image,
     * both in the engine: identical predictions and the largest logit difference. Fold passes already checked each
     * rewrite in double precision; this checks the whole model, masks lowered to gathers and concats included, on
     * real data in the precision users run.
     */
    private static ObjectNode verify(Graph student, ChannelMasks masks, Deployment.Deployed deployed,
                                     TrainingRun.Data data) {
        float[][] a;
        float[][] b;
        try (EngineModel sm = EngineModel.frozen(student, masks.gates());
             EngineModel dm = EngineModel.frozen(deployed.graph())) {
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
        ObjectNode v = Checkpoint.json().createObjectNode();
        v.put("images", a.length);
        v.put("predictionMismatches", mismatches);
        v.put("maxAbsLogitDiff", maxDiff);
        v.put("deployedTestAccuracy", Logits.accuracy(b, data.test().labels()));
        v.put("studentTestAccuracy", Logits.accuracy(a, data.test().labels()));
        v.put("foldCheckMaxAbsDiff", deployed.check().maxAbsDiff());
        v.put("foldCheckMaxRelDiff", deployed.check().maxRelDiff());
        return v;
    }

    private static ObjectNode report(Graph teacher, ObjectNode teacherInfo, double teacherAccuracy, ObjectNode plan,
                                     ObjectNode sensitivity, ObjectNode state, Graph student,
                                     Deployment.Deployed deployed, ObjectNode verification, ShallowSettings s) {
        ObjectNode r = Checkpoint.json().createObjectNode();
        r.put("convention", ModelCost.CONVENTION);
        r.setAll(teacherInfo);
        r.put("method", s.method().cliName());
        ModelCost beforeCost = CostAnalysis.of(teacher);
        ModelCost afterCost = CostAnalysis.of(deployed.graph());
        PiEstimate beforePi = PiEstimate.of(s.profile(), beforeCost);
        PiEstimate afterPi = PiEstimate.of(s.profile(), afterCost);
        summary(r.putObject("before"), beforeCost, teacherAccuracy, beforePi);
        summary(r.putObject("after"), afterCost, verification.get("deployedTestAccuracy").asDouble(), afterPi);
        ObjectNode pi = PiReport.profile(s.profile());
        pi.put("onlineLatencyReduction", beforePi.online().seconds() / afterPi.online().seconds());
        pi.put("offlineLatencyReduction", beforePi.offline().seconds() / afterPi.offline().seconds());
        r.set("pi", pi);
        r.set("selected", plan.get("selected"));
        r.putObject("equivalence")
                .put("maxAbsDiff", verification.get("maxAbsLogitDiff").asDouble())
                .put("samePredictions", verification.get("predictionMismatches").asInt() == 0)
                .put("images", verification.get("images").asInt());
        r.put("reluReduction", (double) beforeCost.relus() / Math.max(1, afterCost.relus()));
        r.put("macReduction", (double) beforeCost.macs() / afterCost.macs());
        ObjectNode t = costs(r.putObject("teacher"), beforeCost);
        t.put("testAccuracy", teacherAccuracy);
        costs(r.putObject("student"), CostAnalysis.of(student)).put("testAccuracy",
                verification.get("studentTestAccuracy").asDouble());
        ObjectNode d = costs(r.putObject("deployed"), afterCost);
        d.put("testAccuracy", verification.get("deployedTestAccuracy").asDouble());
        d.put("reluReduction", r.get("reluReduction").asDouble());
        d.put("macReduction", r.get("macReduction").asDouble());
        d.put("accuracyDropPoints", 100 * (teacherAccuracy - verification.get("deployedTestAccuracy").asDouble()));
        r.set("selection", plan);
        r.put("sensitivityMethod", sensitivity.get("method").asText());
        r.set("fineTuning", state.get("config"));
        r.put("fineTuningLoss", state.path("loss").asText());
        r.set("history", state.get("history"));
        r.put("bnReestimation", s.recalibrate());
        r.set("verification", verification);
        ArrayNode merged = r.putArray("deployRewrites");
        deployed.rewrites().forEach(rw -> merged.add(rw.toString()));
        ArrayNode skipped = r.putArray("notMerged");
        deployed.skips().forEach(sk -> skipped.add(sk.toString()));
        return r;
    }

    /**
     * The {@code before}/{@code after} objects: accuracy, the counts a PI paper reports, the PI estimate and the
     * per-layer costs (what {@code shallowpi report} tabulates).
     */
    private static void summary(ObjectNode o, ModelCost c, double accuracy, PiEstimate pi) {
        o.put("accuracy", accuracy);
        costs(o, c);
        o.set("pi", PiReport.figures(pi));
        o.set("layers", CostReport.layers(c));
    }

    private static ObjectNode costs(ObjectNode o, ModelCost c) {
        o.put("relus", c.relus());
        o.put("macs", c.macs());
        o.put("params", c.params());
        o.put("reluDepth", c.reluDepth());
        o.put("linearDepth", c.linearDepth());
        o.put("convs", c.convs());
        o.put("reluLayers", c.reluLayers());
        return o;
    }

    private static JsonNode readJson(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(p + ": missing; cannot resume (run without --resume)");
        }
        return Checkpoint.json().readTree(p.toFile());
    }

    static String pretty(JsonNode n) throws IOException {
        return Checkpoint.json().writeValueAsString(n);
    }
}
