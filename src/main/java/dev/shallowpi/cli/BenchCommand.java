package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.engine.Benchmark;
import dev.shallowpi.engine.Djl;
import dev.shallowpi.engine.TrainingLayout;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code shallowpi bench}: measured speed of the tool's engines. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = BenchCommand.Train.class)
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code shallowpi bench train}: training and inference images/s on synthetic data, and peak memory. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Training and inference throughput (median over timed steps after warm-up) and peak "
                    + "resident memory, on synthetic data.")
    public static final class Train implements Runnable {
        @Mixin
        ModelOptions modelOptions;

        @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--layout", paramLabel = "auto|channels-last|nchw", description = "Layout of the training "
                + "activations (default: " + TrainingLayout.VARIABLE + " if set, else auto: channels-last).")
        String layoutName;

        @Option(names = "--nchw", description = "Same as --layout nchw.")
        boolean nchw;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        private static void require(boolean holds, String refusal) {
            if (!holds) {
                throw new UserError(refusal);
            }
        }

        @Override
        public void run() {
            require(batch >= 2, "--batch must be >= 2 (batch norm needs a batch), got " + batch);
            require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
            require(steps >= 1, "--steps must be >= 1, got " + steps);
            ChosenModel model = modelOptions.choose();
            MemoryBound.check(model.graph(), batch, "--batch");
            TrainingLayout layout = layout();
            Benchmark.Result r = Benchmark.run(model.graph(), batch, warmup, steps, model.seed(), layout);
            PrintWriter out = spec.commandLine().getOut();
            int cores = Runtime.getRuntime().availableProcessors();
            if (json) {
                ObjectNode o = CostReport.mapper().createObjectNode();
                o.set("model", model.description());
                o.put("engine", Djl.describe());
                o.put("batch", batch);
                o.put("steps", steps);
                o.put("trainLayout", layout.label());
                o.put("cores", cores);
                o.put("trainImagesPerSecond", r.trainImagesPerSecond());
                o.put("inference", r.inference());
                o.put("inferImagesPerSecond", r.inferImagesPerSecond());
                o.put("inferEngineImagesPerSecond", r.inferEngineImagesPerSecond());
                o.put("peakRssBytes", r.peakRssBytes());
                out.println(CostReport.toJsonString(o));
            } else {
                out.printf(Locale.ROOT, "%s, batch %d on %s, %d cores%n",
                        model.title().replace(" (counts per sample)", ""), batch, Djl.describe(), cores);
                out.printf(Locale.ROOT, "train     %.1f images/s (median of %d steps after %d warm-up, %s)%n",
                        r.trainImagesPerSecond(), steps, warmup, layout.label());
                out.printf(Locale.ROOT, "inference %.1f images/s (%s; in the engine itself %.1f)%n",
                        r.inferImagesPerSecond(), r.inference(), r.inferEngineImagesPerSecond());
                out.printf(Locale.ROOT, "peak RSS  %.0f MB%n", r.peakRssBytes() / 1e6);
            }
            out.flush();
        }

        private TrainingLayout layout() {
            TrainingLayout chosen;
            try {
                chosen = layoutName != null ? TrainingLayout.parse(layoutName) : TrainingLayout.fromEnvironment();
            } catch (IllegalArgumentException e) {
                throw new UserError(layoutName != null ? "--layout " + layoutName + ": use auto, channels-last or nchw"
                        : e.getMessage());
            }
            if (nchw && layoutName != null && chosen != TrainingLayout.NCHW) {
                throw new UserError("--nchw contradicts --layout " + layoutName);
            }
            return nchw ? TrainingLayout.NCHW : chosen;
        }
    }
}
