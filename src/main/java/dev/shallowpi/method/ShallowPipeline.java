package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.FeatureDistillation;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.channels.MaskLowering;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.results.ChannelMask;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.Sensitivity;
import dev.shallowpi.results.Verification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A method end to end, the same for every {@link ReductionMethod}: the method prepares its student ({@link
 * Reduction#prepare}: sensitivity, selection, rewrite, BN re-estimation), then distillation fine-tuning, the channel
 * masks lowered to structure ({@link MaskLowering}), deployment (exact folds, and merges for the methods that made
 * pairs mergeable; self-checked), verification of the deployed model against the trained student on the whole test
 * set ({@link DeployCheck}), export, and the report ({@link RunReports}).
 *
 * <p>Writes into {@code out}: {@code sensitivity.json}, {@code plan.json}, {@code student/} (a training checkpoint,
 * so {@link #resume} continues the fine-tuning), {@code deployed/checkpoint.zip}, the deployed model as the {@link
 * DeployedExport} writes it (the CLI: {@code model.onnx}, checked in ONNX Runtime) and {@code report.json}.
 */
public final class ShallowPipeline {
    private ShallowPipeline() {
    }

    /**
     * Where a run writes, how it exports the deployed model, where its progress goes, and the sweep or comparison
     * it belongs to (null for a run of its own).
     */
    public record RunOptions(Path out, DeployedExport export, MethodListener listener, RunReport.SweepUnit unit) {
        public RunOptions(Path out, DeployedExport export, MethodListener listener) {
            this(out, export, listener, null);
        }
    }

    /** The deployed model and the report written next to it. */
    public record Result(Graph deployed, RunReport report) {
    }

    /** A fresh run in {@code o.out()}. */
    public static Result run(MethodInputs in, ShallowSettings s, RunOptions o) {
        return run(in, s, o, null);
    }

    /**
     * A fresh run with the sensitivity measured already (a sweep or comparison measures once for all its runs), or
     * null to measure it here when the method needs it.
     */
    static Result run(MethodInputs in, ShallowSettings s, RunOptions o, Sensitivity measured) {
        return guarded(o.out(), () -> {
            Files.createDirectories(o.out());
            try (EngineModel teacherModel = EngineModel.frozen(in.distillFrom())) {
                double teacherAccuracy = Students.testAccuracy(teacherModel, in.data());
                Prepared p = s.method().reduction().prepare(new MethodContext(in, teacherModel, s, o.out(),
                        measured, o.listener()));
                RunFiles.write(o.out().resolve(RunFiles.PLAN), p.plan());
                TrainingRun.seed(p.student(), s.studentTuning(), in.info(), "student", studentDir(o));
                return finish(in, s, o, new Started(teacherModel, teacherAccuracy, p.plan(), p.sensitivity()));
            }
        });
    }

    /** Continues the fine-tuning of the run in {@code o.out()} and finishes it. */
    public static Result resume(MethodInputs in, ShallowSettings s, RunOptions o) {
        return guarded(o.out(), () -> {
            try (EngineModel teacherModel = EngineModel.frozen(in.distillFrom())) {
                double teacherAccuracy = Students.testAccuracy(teacherModel, in.data());
                Plan plan = RunFiles.readPlan(o.out());
                Sensitivity sensitivity = RunFiles.readSensitivity(o.out().resolve(RunFiles.SENSITIVITY));
                return finish(in, s, o, new Started(teacherModel, teacherAccuracy, plan, sensitivity));
            }
        });
    }

    /** Measures the sensitivity and plans the selection only: writes {@code sensitivity.json} and {@code plan.json}. */
    public static void plan(MethodInputs in, ShallowSettings s, Path out, MethodListener listener) {
        guarded(out, () -> {
            Files.createDirectories(out);
            Planning.checkReachable(in.teacher(), s);
            return Planning.plan(in, Sensitivities.measure(in, s, listener), s, out, listener);
        });
    }

    /** A run whose student is made: the teacher loaded, its accuracy, and what the method chose. */
    private record Started(EngineModel teacherModel, double teacherAccuracy, Plan plan, Sensitivity sensitivity) {
    }

    /**
     * Fine-tunes the student from its checkpoint (channel masks are no weights: the plan keeps them, and the student
     * trains with them as fixed gates), lowers its masks, deploys, verifies, exports and reports.
     */
    private static Result finish(MethodInputs in, ShallowSettings s, RunOptions o, Started st) throws IOException {
        Path studentDir = studentDir(o);
        Map<String, ChannelMask> stored = st.plan().channelMasks();
        List<FeatureDistillation.Pair> blocks = blockPairs(in, s, st.plan(), o.listener());
        ObjectNode state = TrainingRun.resume(new TrainingRun.Setup(cfg -> blocks.isEmpty()
                ? new Distillation(st.teacherModel(), s.kdTemperature(), s.kdWeight())
                : new FeatureDistillation(st.teacherModel(), blocks, s.tuning().kd(), s.learning().featureKd()),
                in.data(), studentDir, o.listener(), g -> {
                    EngineModel m = EngineModel.gated(g, ChannelMasks.fromRecord(stored, g).gates());
                    m.block().tap(FeatureDistillation.studentTaps(blocks));
                    return m;
                }));
        Graph trained = Checkpoint.read(studentDir).graph();
        ChannelMasks masks = ChannelMasks.fromRecord(stored, trained);
        Graph lowered = MaskLowering.apply(trained, masks);
        Deployment.Deployed deployed = s.method().merges()
                ? Deployment.deploy(lowered, in.teacher(), s.kernel() == KernelMode.EXACT
                ? Candidates.merging(in.teacher(), st.plan().selected()) : List.of())
                : Deployment.foldBatchNormsOnly(lowered);
        DeployCheck.Deployed d = new DeployCheck.Deployed(in.teacher(), trained, masks, deployed);
        Verification verification = DeployCheck.verify(d, in.data(), s);
        Checkpoint.ofKind(deployed.graph(), "deployed").write(o.out().resolve("deployed"));
        ObjectNode exported = o.export().write(deployed.graph(), o.out());
        RunReport report = RunReports.of(in, st.teacherAccuracy(), new RunReports.Outcome(st.plan(),
                st.sensitivity().method(), state, d, verification, exported), s, o.unit());
        RunFiles.write(o.out().resolve(RunFiles.REPORT), report);
        return new Result(deployed.graph(), report);
    }

    /**
     * The merged blocks' outputs and the teacher's values they stand for, for block-wise distillation: none when
     * its weight is 0 or nothing merged (said, when it was asked for).
     */
    private static List<FeatureDistillation.Pair> blockPairs(MethodInputs in, ShallowSettings s, Plan plan,
                                                             MethodListener listener) {
        if (s.learning().featureKd() == 0) {
            return List.of();
        }
        List<FeatureDistillation.Pair> pairs = new java.util.ArrayList<>();
        if (s.method().merges()) {
            List<Candidate> selected = Selection.resolve(Candidates.find(in.teacher()), plan.selected());
            Shallowing.mergedOutputs(in.teacher(), selected, s.kernel())
                    .forEach((student, teacher) -> pairs.add(new FeatureDistillation.Pair(student, teacher)));
        }
        if (pairs.isEmpty()) {
            listener.message("block-wise distillation: no merged block; logit distillation only");
        }
        return pairs;
    }

    private static Path studentDir(RunOptions o) {
        return o.out().resolve("student");
    }

    /** A step that writes files: an I/O failure names the run's folder. */
    private interface Io<T> {
        T call() throws IOException;
    }

    private static <T> T guarded(Path out, Io<T> step) {
        try {
            return step.call();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + out + ": " + e.getMessage(), e);
        }
    }
}
