package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.data.DataError;
import dev.shallowpi.data.Npy;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code shallowpi run}: an ONNX model on inputs from NumPy, evaluated as every command evaluates (ONNX Runtime checked
 * against the engine on the first batch, or the engine), outputs back to NumPy, so that Python users can compare what
 * shallowpi computes with what they had.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an ONNX model as shallowpi evaluates models (ONNX Runtime, checked against the engine; "
                + "SHALLOWPI_INFERENCE=engine for the engine alone) on a float32 .npy batch (NCHW) and save the "
                + "outputs as .npy.")
public final class RunCommand implements Runnable {
    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX model.")
    Path onnx;

    @Option(names = "--input", required = true, paramLabel = "X.npy",
            description = "float32 array of shape N x (the model's input), C order; np.save(path, x.astype('<f4')).")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "Y.npy", description = "Where to save the outputs.")
    Path output;

    @Option(names = "--batch-size", defaultValue = "256", description = "Samples per forward pass (default: "
            + "${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, got " + batchSize);
        }
        OutputPaths.requireWritableFile(output, "--output");
        Graph graph = OnnxModels.read(onnx, "--onnx").graph();
        Npy.Array x;
        try {
            x = Npy.read(input);
        } catch (DataError e) {
            throw new UserError("--input: " + e.getMessage(), e);
        }
        Shape sample = graph.inputs().get(0).shape();
        int[] want = sample.dims();
        int[] got = x.shape();
        if (got.length != want.length + 1 || got[0] < 1
                || !Arrays.equals(Arrays.copyOfRange(got, 1, got.length), want)) {
            throw new UserError("--input " + input + ": shape " + Arrays.toString(got) + " does not fit the model, "
                    + "which takes N x " + sample + " (float32, NCHW)");
        }
        int n = got[0];
        int in = (int) sample.elements();
        int outPer = (int) graph.outputShape().elements();
        float[] y = new float[Math.multiplyExact(n, outPer)];
        EngineModel engine;
        try {
            engine = EngineModel.frozen(graph);
        } catch (IllegalArgumentException e) {
            // a valid model the engine cannot run (asymmetric pooling padding): the file, not the tool, is at issue
            throw new UserError("--onnx " + onnx + ": " + e.getMessage(), e);
        }
        String ranIn;
        try (EngineModel model = engine) {
            for (int start = 0; start < n; start += batchSize) {
                int count = Math.min(batchSize, n - start);
                float[] chunk = Arrays.copyOfRange(x.data(), start * in, (start + count) * in);
                System.arraycopy(model.predict(chunk, count), 0, y, start * outPer, count * outPer);
            }
            ranIn = model.evaluatedBy();
        }
        int[] outShape = new int[graph.outputShape().rank() + 1];
        outShape[0] = n;
        System.arraycopy(graph.outputShape().dims(), 0, outShape, 1, outShape.length - 1);
        byte[] bytes = Npy.toBytes(new Npy.Array(outShape, y));
        try {
            AtomicFiles.write(output, o -> o.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + output + ": cannot write (" + e + ")", e);
        }
        PrintWriter out = printing.out();
        if (printing.json) {
            ObjectNode o = CostReport.mapper().createObjectNode();
            o.put("onnx", onnx.toString());
            o.put("input", input.toString());
            o.put("output", output.toString());
            o.put("samples", n);
            o.put("outputShape", Arrays.toString(outShape));
            o.put("ranIn", ranIn);
            out.println(CostReport.toJsonString(o));
        } else {
            out.println("ran " + onnx + " on " + n + " samples of " + sample + " in " + ranIn + "; wrote " + output
                    + " " + Arrays.toString(outShape));
        }
        out.flush();
    }
}
