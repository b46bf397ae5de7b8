package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.DatasetInfo;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.EvalStats;
import dev.shallowpi.engine.Trainer;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code shallowpi eval}: accuracy and loss of a checkpoint on a dataset split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint: top-1 accuracy and mean cross-entropy.")
public final class EvalCommand implements Runnable {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Folder written by train.")
    Path checkpoint;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "test or calibration (the held-out training images) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--batch-size", defaultValue = "256", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        if (!split.equals("test") && !split.equals("calibration")) {
            throw new UserError("--split must be test or calibration, got '" + split + "'");
        }
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, got " + batchSize);
        }
        Checkpoint cp = Checkpoints.read(checkpoint, "--checkpoint");
        dataOptions.adoptStored(cp.state().get("dataset"), printing.given(), false);
        DatasetInfo dataset = dataOptions.info();
        if (!cp.graph().inputs().get(0).shape().equals(dataset.imageShape())) {
            throw new UserError("--dataset " + dataset.name() + ": images are " + dataset.imageShape()
                    + " but the model expects " + cp.graph().inputs().get(0).shape());
        }
        ImageSet set = split.equals("test") ? dataOptions.test() : dataOptions.train().calibration();
        EvalStats stats;
        try (EngineModel model = EngineModel.of(cp.graph())) {
            stats = Trainer.evaluate(model, set, dataset.normalization(), batchSize);
        }
        PrintWriter out = printing.out();
        if (printing.json) {
            ObjectNode o = CostReport.mapper().createObjectNode();
            o.put("checkpoint", checkpoint.toString());
            o.put("dataset", dataset.name());
            o.put("split", split);
            o.put("images", stats.images());
            o.put("accuracy", stats.accuracy());
            o.put("loss", stats.loss());
            out.println(CostReport.toJsonString(o));
        } else {
            out.printf(Locale.ROOT, "%s on %s %s (%d images): accuracy %.2f%%, loss %.4f%n", checkpoint,
                    dataset.name(), split, stats.images(), 100 * stats.accuracy(), stats.loss());
        }
        out.flush();
    }
}
