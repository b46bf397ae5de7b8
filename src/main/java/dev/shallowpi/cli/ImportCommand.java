package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.onnx.OnnxModel;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code shallowpi import}: an ONNX model into a checkpoint folder that eval, shallow and export read. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Read an ONNX model (opsets 11-21) into a checkpoint folder and print what it costs.")
public final class ImportCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX file.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the checkpoint.")
    Path out;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        RunFolder.inspect(printing.spec, RunKind.IMPORT, out, false);
        OnnxModel m = OnnxModels.read(file, null);
        RunFolder.mark(printing.spec, RunKind.IMPORT, out);
        ObjectNode state = Checkpoint.json().createObjectNode();
        state.put("kind", "imported");
        state.set("model", OnnxModels.describe(m));
        try {
            new Checkpoint(m.graph(), Map.of(), state).write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": cannot write (" + e + ")", e);
        }
        ModelCost cost = CostAnalysis.of(m.graph());
        PrintWriter o = printing.out();
        if (printing.json) {
            ObjectNode j = CostReport.json(OnnxModels.describe(m), cost);
            j.remove("layers");
            j.put("checkpoint", out.toString());
            o.println(CostReport.toJsonString(j));
        } else {
            o.println(OnnxModels.title(m).replace(" (counts per sample)", "") + ": " + m.graph().nodes().size()
                    + " nodes");
            o.print(CostReport.totals(cost));
            o.println("checkpoint in " + out + " (per-layer counts: shallowpi analyze --onnx " + file + ")");
        }
        o.flush();
    }
}
