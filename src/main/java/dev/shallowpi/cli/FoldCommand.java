package dev.shallowpi.cli;

import dev.shallowpi.fold.FoldPipeline;
import dev.shallowpi.fold.Probe;
import dev.shallowpi.fold.RandomBatchNorm;
import dev.shallowpi.fold.ReluRemoval;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.report.FoldReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code shallowpi fold}: exact BN folding, conv merging and shortcut folding, checked, with before/after costs. */
@Command(name = "fold", mixinStandardHelpOptions = true,
        description = "Fold batch norms, merge adjacent convs and fold shortcuts exactly, check the result against "
                + "the unmerged model, and print what it costs before and after.")
public final class FoldCommand implements Runnable {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--drop-relus", paramLabel = "WHICH",
            description = "Remove ReLUs first: 'inner' removes the inner ReLU of every residual block and puts each "
                    + "conv pair into merge-ready form (padding moved to the first conv). Default: remove none.")
    String dropRelus;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        FoldPipeline.DropRelus drop = parseDrop(dropRelus);
        ChosenModel model = modelOptions.choose();
        // A zoo model has no trained weights: random ones, and random BN statistics so that folding has something
        // to fold. An ONNX model brings its own.
        Graph graph = model.onnx() ? model.graph() : RandomBatchNorm.randomize(model.graph(), model.seed() + 1);
        if (drop == FoldPipeline.DropRelus.INNER && ReluRemoval.innerRelus(graph).isEmpty()) {
            throw new UserError("--drop-relus inner: the model has no residual block with an inner ReLU");
        }
        FoldPipeline.Outcome outcome = FoldPipeline.run(graph, drop, Probe.standard());
        PrintWriter out = printing.out();
        String weights = model.onnx() ? "from the ONNX file" : "random (seed " + model.seed()
                + "), random BN statistics (seed " + (model.seed() + 1) + ")";
        String title = model.title().replace(" (counts per sample)", "");
        if (printing.json) {
            out.println(CostReport.toJsonString(FoldReport.json(model.description(), weights, outcome)));
        } else {
            out.print(FoldReport.text(title + "; weights " + weights, outcome));
        }
        out.flush();
    }

    static FoldPipeline.DropRelus parseDrop(String value) {
        if (value == null) {
            return FoldPipeline.DropRelus.NONE;
        }
        if (value.equals("inner")) {
            return FoldPipeline.DropRelus.INNER;
        }
        throw new UserError("--drop-relus: expected 'inner', got '" + value + "'");
    }
}
