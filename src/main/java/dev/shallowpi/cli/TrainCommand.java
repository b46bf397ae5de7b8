package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.checkpoint.CheckpointError;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.DatasetInfo;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.engine.CrossEntropy;
import dev.shallowpi.engine.TrainingDivergedException;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code shallowpi train}: trains a zoo model on a dataset, checkpointing every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model from scratch, or from the weights of an --onnx model, or resume a run; "
                + "checkpoints after every epoch.")
public final class TrainCommand implements Runnable {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--epochs", defaultValue = "15", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.1", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum.")
    boolean nesterov;

    @Option(names = "--weight-decay", defaultValue = "5e-4",
            description = "Weight decay on conv and linear weights, not on BN or biases (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--warmup-epochs", defaultValue = "1",
            description = "Linear warm-up before the cosine decay, in epochs (default: ${DEFAULT-VALUE}).")
    double warmupEpochs;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--no-augment", description = "Train without random crops and flips.")
    boolean noAugment;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the checkpoint and metrics, written after "
            + "every epoch.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --out.")
    boolean resume;

    @Mixin
    RunPrinting printing;

    @Override
    public void run() {
        PrintWriter stdout = printing.out();
        if (resume && out == null) {
            throw new UserError("--resume needs --out DIR, the folder of the run to continue");
        }
        // a continued run's settings come from its folder; a new run's are checked before the folder is written
        boolean continuing = out != null
                && RunFolder.inspect(printing.spec, RunKind.TRAIN, out, resume) == RunFolder.Claim.CONTINUED;
        if (continuing && !Checkpoint.exists(out)) {
            throw new UserError("--resume: " + out + " has no checkpoint.zip to continue from");
        }
        NewRun fresh = continuing ? null : newRun();
        if (out != null) {
            RunFolder.mark(printing.spec, RunKind.TRAIN, out);
        }
        if (out == null && !printing.quiet) {
            stdout.println("no --out: the trained model will not be saved");
        }
        if (continuing) {
            JsonNode stored = storedState();
            if (!stored.has("epochsDone")) {
                throw new UserError("--resume: " + out + " holds a checkpoint without a training run to continue ("
                        + stored.path("kind").asText("no training state") + "); train it anew with --onnx, or "
                        + "choose another --out");
            }
            dataOptions.adoptStored(stored.get("dataset"), printing.given(), true);
        }
        DatasetInfo dataset = dataOptions.info();
        DataOptions.Read read = dataOptions.read();
        Splits.TrainSplits splits = read.train();
        ImageSet test = read.test();
        read.requireOneBatch(batchSize);
        if (!printing.quiet) {
            stdout.printf(Locale.ROOT, "%s %s: %d training images, %d calibration images held out, %d test images%n",
                    continuing ? "resuming on" : "training on", dataset.name(), splits.train().size(),
                    splits.calibration().size(), test.size());
            stdout.flush();
        }
        TrainingRun.Data data = new TrainingRun.Data(splits.train(), test, dataset.normalization(),
                noAugment ? Augmentation.NONE : dataset.augmentation());
        ObjectNode state;
        try {
            TrainingRun.Setup setup = new TrainingRun.Setup(c -> new CrossEntropy(c.labelSmoothing()), data, out,
                    new Progress(stdout, printing.quiet));
            state = continuing ? TrainingRun.resume(setup)
                    : TrainingRun.start(fresh.graph(), fresh.config(), fresh.meta(), setup);
        } catch (TrainingDivergedException e) {
            throw new UserError("training stopped: " + e.getMessage() + (out == null || !Checkpoint.exists(out)
                    ? "" : "; " + MethodRuns.keptCheckpoint(out)));
        } catch (CheckpointError e) {
            throw UserError.of(e);
        }
        if (printing.json) {
            stdout.println(CostReport.toJsonString(state));
        } else if (!printing.quiet) {
            stdout.printf(Locale.ROOT, "test accuracy %.2f%% after %d epochs%s%n",
                    100 * state.get("testAccuracy").asDouble(), state.get("epochsDone").asInt(),
                    out == null ? " (no --out: nothing saved)" : "; checkpoint in " + out);
        }
        stdout.flush();
    }

    /** A run from scratch: its model, hyper-parameters and what its checkpoint records of both. */
    private record NewRun(Graph graph, TrainConfig config, ObjectNode meta) {
    }

    /** The model and the hyper-parameters, checked before any data is read or any folder written. */
    private NewRun newRun() {
        DatasetInfo dataset = dataOptions.info();
        ChosenModel model = modelOptions.choose(dataset.classes(), dataset.imageShape());
        Graph graph = model.graph();
        Shape in = graph.inputs().get(0).shape();
        if (!in.equals(dataset.imageShape())) {
            throw new UserError((model.onnx() ? "--onnx: the model takes " : "--input ") + in
                    + (model.onnx() ? " inputs, which do not" : " does not") + " match " + dataset.name()
                    + " images (" + dataset.imageShape() + ")");
        }
        if (!model.onnx() && graph.outputShape().elements() < dataset.classes()) {
            throw new UserError("--classes " + graph.outputShape().elements() + " is fewer than the " + dataset.classes()
                    + " classes of " + dataset.name() + ": every label needs an output");
        }
        if (model.onnx() && !graph.outputShape().equals(Shape.of(dataset.classes()))) {
            throw new UserError("--onnx: the model outputs " + graph.outputShape() + " values a sample; "
                    + dataset.name() + " has " + dataset.classes() + " classes");
        }
        TrainConfig config;
        try {
            config = new TrainConfig(epochs, batchSize, lr, momentum, nesterov, weightDecay, warmupEpochs,
                    labelSmoothing, model.seed());
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        MemoryBound.check(graph, batchSize, "--batch-size");
        ObjectNode meta = Checkpoint.json().createObjectNode();
        meta.set("model", model.description());
        meta.set("dataset", dataOptions.describe());
        return new NewRun(graph, config, meta);
    }

    private JsonNode storedState() {
        return Checkpoints.read(out, "--resume").state();
    }
}
