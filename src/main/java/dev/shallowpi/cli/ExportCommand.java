package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code shallowpi export}: a checkpoint's model as ONNX, checked in ONNX Runtime before it is written. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint's model as ONNX (opset 17, symbolic batch dimension), after checking it in "
                + "ONNX Runtime against the model on random inputs.")
public final class ExportCommand implements Runnable {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "Folder written by train, import or shallow (its deployed/ or student/ folder).")
    Path checkpoint;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
    Path onnx;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        OutputPaths.requireWritableFile(onnx, "--onnx");
        Checkpoint cp = Checkpoints.read(checkpoint, "--checkpoint");
        ObjectNode result = OnnxModels.export(cp.graph(), onnx, "--onnx " + onnx);
        PrintWriter out = printing.out();
        if (printing.json) {
            result.put("checkpoint", checkpoint.toString());
            out.println(CostReport.toJsonString(result));
        } else {
            ObjectNode c = (ObjectNode) result.get("runtimeCheck");
            out.printf(Locale.ROOT, "wrote %s (ONNX opset %d, %d nodes); %s on %d random inputs: max difference "
                            + "%.2e from the model (tolerance %.1e)%n", onnx, result.get("opset").asInt(),
                    cp.graph().nodes().size(), c.get("runtime").asText(), c.get("randomInputs").asInt(),
                    c.get("maxAbsDiff").asDouble(), c.get("tolerance").asDouble());
        }
        out.flush();
    }
}
