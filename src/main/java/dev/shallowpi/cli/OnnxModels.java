package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.onnx.OnnxError;
import dev.shallowpi.onnx.OnnxExporter;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.onnx.OnnxModel;
import dev.shallowpi.onnx.RuntimeCheck;
import dev.shallowpi.report.CostReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** ONNX files named by flags: reading one (its errors are the user's input, named with the flag) and writing one. */
final class OnnxModels {
    private OnnxModels() {
    }

    /** @param flag the flag that named the file, or null for a positional file (the message names it anyway) */
    static OnnxModel read(Path file, String flag) {
        try {
            return OnnxImporter.read(file);
        } catch (OnnxError e) {
            throw new UserError((flag == null ? "" : flag + ": ") + e.getMessage(), e);
        }
    }

    /** What reports and checkpoints record about an imported model. */
    static ObjectNode describe(OnnxModel m) {
        ObjectNode o = CostReport.mapper().createObjectNode();
        o.put("onnx", m.source());
        o.put("opset", m.opset());
        o.put("producer", m.producer());
        o.put("input", m.graph().inputs().get(0).shape().toString());
        Shape out = m.graph().outputShape();
        if (out.rank() == 1) {
            o.put("classes", out.dim(0));
        }
        return o;
    }

    static String title(OnnxModel m) {
        return m.source() + " (ONNX opset " + m.opset() + (m.producer().isEmpty() ? "" : ", " + m.producer())
                + "), input " + m.graph().inputs().get(0).shape() + " (counts per sample)";
    }

    /**
     * Exports {@code graph} to {@code file} after checking it in ONNX Runtime, and says what was checked. A model
     * that cannot be exported faithfully is refused with the reason, naming {@code flag}.
     */
    static ObjectNode export(Graph graph, Path file, String flag) {
        RuntimeCheck.Result check;
        try {
            check = OnnxExporter.write(graph, file);
        } catch (OnnxError e) {
            throw new UserError(flag + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        ObjectNode o = CostReport.mapper().createObjectNode();
        o.put("file", file.toString());
        o.put("format", "onnx");
        o.put("opset", OnnxExporter.OPSET);
        ObjectNode c = o.putObject("runtimeCheck");
        c.put("runtime", check.runtime());
        c.put("randomInputs", check.samples());
        c.put("maxAbsDiff", check.maxAbsDiff());
        c.put("maxAbsOutput", check.maxAbs());
        c.put("tolerance", RuntimeCheck.TOLERANCE * Math.max(1, check.maxAbs()));
        return o;
    }
}
