package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.checkpoint.CheckpointError;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.engine.NonFiniteLossException;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.Budget;
import dev.shallowpi.method.BudgetException;
import dev.shallowpi.method.GateSensitivity;
import dev.shallowpi.method.KernelMode;
import dev.shallowpi.method.SensitivityMethod;
import dev.shallowpi.method.ShallowPipeline;
import dev.shallowpi.method.ShallowSettings;
import dev.shallowpi.onnx.OnnxModel;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code shallowpi shallow}: the seed's method on a trained teacher. */
@Command(name = "shallow", mixinStandardHelpOptions = true,
        description = "Remove the least sensitive ReLU layers of a trained teacher under a budget, merge the convs "
                + "around them, fine-tune with distillation, deploy exactly and verify.")
public final class ShallowCommand implements Runnable {
    /** The deployed model, for PI frameworks, in the run's folder. */
    static final String MODEL_FILE = "model.onnx";

    @Option(names = "--teacher", paramLabel = "DIR", description = "Checkpoint folder of train (or import).")
    Path teacher;

    @Option(names = "--onnx", paramLabel = "FILE", description = "A trained teacher as an ONNX file, instead of "
            + "--teacher.")
    Path onnx;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--relu-reduction", paramLabel = "R", description = "Teacher ReLUs / student ReLUs, at least.")
    Double reluReduction;

    @Option(names = "--relu-budget", paramLabel = "N", description = "Student ReLUs, at most.")
    Long reluBudget;

    @Option(names = "--mac-reduction", paramLabel = "R", description = "Teacher MACs / student MACs, at least.")
    Double macReduction;

    @Option(names = "--blocks", split = ",", paramLabel = "NAME",
            description = "Remove exactly these (ReLU node names or blocks such as layer1.0).")
    List<String> blocks;

    @Option(names = "--kernel", defaultValue = "same", paramLabel = "MODE",
            description = "same (one conv of the first conv's size, trained: cuts MACs) or exact (exact merge, kernel "
                    + "grows) (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--sensitivity", defaultValue = "ablation", paramLabel = "METHOD",
            description = "ablation or gate (default: ${DEFAULT-VALUE}).")
    String sensitivity;

    @Option(names = "--epochs", defaultValue = "10", description = "Fine-tuning epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.05", description = "Fine-tuning peak learning rate (default: "
            + "${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--kd-temperature", defaultValue = "4", description = "Distillation temperature (default: "
            + "${DEFAULT-VALUE}).")
    double kdTemperature;

    @Option(names = "--kd-weight", defaultValue = "0.9", description = "Weight of the distillation term; the rest is "
            + "cross-entropy (default: ${DEFAULT-VALUE}).")
    double kdWeight;

    @Option(names = "--gate-lambda", defaultValue = "1.0", description = "Gate sensitivity: weight of the cost "
            + "penalty (default: ${DEFAULT-VALUE}).")
    double gateLambda;

    @Option(names = "--calibration-images", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N calibration images for sensitivity and BN re-estimation (default: "
                    + "the whole split).")
    int calibrationImages;

    @Option(names = "--calibration-seed", defaultValue = "0", paramLabel = "S",
            description = "With --calibration-images: 0 takes the first N of the split, any other value a random N "
                    + "of it drawn with this seed (to test how stable the sensitivity ranking is).")
    long calibrationSeed;

    @Option(names = "--sensitivity-only", description = "Stop after writing sensitivity.json and plan.json.")
    boolean sensitivityOnly;

    @Option(names = "--no-bn-reestimation", description = "Skip re-estimating the student's BN statistics.")
    boolean noBnReestimation;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the fine-tuning (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for every output.")
    Path out;

    @Option(names = "--resume", description = "Continue the fine-tuning of the run in --out.")
    boolean resume;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter stdout = spec.commandLine().getOut();
        if ((teacher == null) == (onnx == null)) {
            throw new UserError("give the trained teacher as --teacher DIR or as --onnx FILE (one of them)");
        }
        Teacher t = teacher();
        if (!resume && Checkpoint.exists(out.resolve("student"))) {
            throw new UserError("--out " + out + " already holds a run; pass --resume to continue it, or choose "
                    + "another folder");
        }
        dataOptions.adoptStored(t.state().get("dataset"), spec.commandLine().getParseResult(), false);
        ShallowSettings settings = settings();
        DatasetKind kind = dataOptions.kind();
        Graph teacherGraph = t.graph();
        if (!teacherGraph.inputs().get(0).shape().equals(kind.imageShape())) {
            throw new UserError("--dataset " + kind.cliName() + ": images are " + kind.imageShape()
                    + " but the teacher expects " + teacherGraph.inputs().get(0).shape());
        }
        if (!teacherGraph.outputShape().equals(Shape.of(kind.classes()))) {
            throw new UserError("--dataset " + kind.cliName() + " has " + kind.classes() + " classes but the teacher "
                    + "outputs " + teacherGraph.outputShape() + " values a sample");
        }
        Splits.TrainSplits splits = dataOptions.train();
        ImageSet test = dataOptions.test();
        ImageSet calibration = splits.calibration();
        if (calibrationImages < 0) {
            throw new UserError("--calibration-images must be >= 0, got " + calibrationImages);
        }
        if (calibrationImages > 0 && calibrationImages < calibration.size()) {
            int[] order = calibrationSeed == 0 ? java.util.stream.IntStream.range(0, calibration.size()).toArray()
                    : Splits.permutation(calibration.size(), calibrationSeed);
            calibration = calibration.select(java.util.Arrays.copyOf(order, calibrationImages));
        }
        if (calibration.size() < 2) {
            throw new UserError("--val-split: the method needs calibration images (the teacher's run held out "
                    + calibration.size() + ")");
        }
        TrainingRun.Data data = new TrainingRun.Data(splits.train(), test, kind.normalization(), kind.augmentation());
        ObjectNode info = CostReport.mapper().createObjectNode();
        if (teacher != null) {
            info.put("teacherCheckpoint", teacher.toString());
        } else {
            info.put("teacherOnnx", onnx.toString());
        }
        info.set("model", t.state().get("model"));
        info.set("dataset", dataOptions.describe());
        info.put("command", "shallowpi " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        Progress progress = new Progress(stdout, quiet);
        ShallowPipeline.Result result;
        try {
            if (sensitivityOnly) {
                ShallowPipeline.plan(teacherGraph, data, calibration, settings, out, progress);
                if (!quiet) {
                    stdout.println("wrote " + out.resolve("sensitivity.json") + " and plan.json");
                }
                stdout.flush();
                return;
            }
            result = ShallowPipeline.run(teacherGraph, info, data, calibration, settings, out, resume,
                    (deployed, dir) -> OnnxModels.export(deployed, dir.resolve(MODEL_FILE), "model.onnx"), progress);
        } catch (BudgetException e) {
            throw new UserError(e.getMessage());
        } catch (NonFiniteLossException e) {
            throw new UserError("fine-tuning stopped: " + e.getMessage() + "; the last good checkpoint is kept in "
                    + out.resolve("student"));
        } catch (CheckpointError e) {
            throw new UserError(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write in " + out + ": " + e.getMessage(), e);
        }
        ObjectNode r = result.report();
        if (json) {
            stdout.println(CostReport.toJsonString(r));
        } else if (!quiet) {
            stdout.print(ShallowSummary.text(r, out));
        }
        stdout.flush();
    }

    /** The teacher's graph and the state stored with it (dataset, model description); empty for ONNX. */
    private record Teacher(Graph graph, ObjectNode state) {
    }

    private Teacher teacher() {
        if (teacher != null) {
            Checkpoint cp = Checkpoints.read(teacher, "--teacher");
            return new Teacher(cp.graph(), cp.state());
        }
        // An ONNX teacher says nothing of its data: the dataset flags choose it, and its calibration split is
        // held out here, not necessarily when it was trained.
        OnnxModel m = OnnxModels.read(onnx, "--onnx");
        ObjectNode state = CostReport.mapper().createObjectNode();
        state.set("model", OnnxModels.describe(m));
        return new Teacher(m.graph(), state);
    }

    private ShallowSettings settings() {
        try {
            Budget budget = new Budget(reluReduction, reluBudget, macReduction, blocks);
            KernelMode mode = KernelMode.parse(kernel);
            SensitivityMethod method = SensitivityMethod.parse(sensitivity);
            TrainConfig fineTune = new TrainConfig(epochs, batchSize, lr, 0.9, false, 5e-4, 0, 0, seed);
            GateSensitivity.Settings gate = new GateSensitivity.Settings(1, batchSize, 0.01, gateLambda, kdTemperature,
                    kdWeight, seed);
            return new ShallowSettings(budget, mode, method, gate, fineTune, kdTemperature, kdWeight,
                    !noBnReestimation);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
