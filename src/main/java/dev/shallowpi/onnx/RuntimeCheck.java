package dev.shallowpi.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.ReferenceExecutor;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an exported model in ONNX Runtime for Java on random inputs and compares it with the graph it came from,
 * run by the double-precision reference executor on the same (float) inputs. This is what a PI framework will
 * read, so it is checked every time, not only in tests.
 */
public final class RuntimeCheck {
    /**
     * Largest difference tolerated in any output: absolute for outputs up to 1 in magnitude, relative to the largest
     * output beyond. Float32 cannot do better than a few units in the last place: for logits near 500 (a random
     * ResNet-34) one unit is 3e-5, and ONNX Runtime differed from the exact result by 1.2e-4 there.
     */
    public static final double TOLERANCE = 1e-4;
    public static final int SAMPLES = 2;
    private static final long SEED = 17;

    private RuntimeCheck() {
    }

    /**
     * @param maxAbsDiff largest |ONNX Runtime - reference| over every output element
     * @param maxAbs     largest |reference| output: the scale of the tolerance when above 1
     * @param samples    the random inputs run
     */
    public record Result(double maxAbsDiff, double maxAbs, int samples, String runtime) {
    }

    /** Checks; a refusal by ONNX Runtime or a difference beyond {@link #TOLERANCE} is an {@link OnnxError}. */
    public static Result run(byte[] model, Graph graph, String label) {
        Map<String, DoubleTensor> inputs = new LinkedHashMap<>();
        long seed = SEED;
        for (Input in : graph.inputs()) {
            DoubleTensor t = DoubleTensor.randomNormal(seed++, SAMPLES, in.shape());
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) d[i]; // both sides see exactly the float input ONNX Runtime gets
            }
            inputs.put(in.name(), t);
        }
        DoubleTensor expected = ReferenceExecutor.run(graph, inputs);
        float[] actual;
        long[] shape;
        String version;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // A check, not a benchmark: one thread leaves the machine to whatever runs next to it.
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            version = "ONNX Runtime " + env.getVersion();
            try (OrtSession session = env.createSession(model, options)) {
                Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
                try {
                    for (Map.Entry<String, DoubleTensor> e : inputs.entrySet()) {
                        double[] d = e.getValue().data();
                        float[] f = new float[d.length];
                        for (int i = 0; i < f.length; i++) {
                            f[i] = (float) d[i];
                        }
                        long[] dims = Arrays.stream(e.getValue().shape()).asLongStream().toArray();
                        feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(f), dims));
                    }
                    try (OrtSession.Result r = session.run(feeds)) {
                        OnnxValue v = r.get(0);
                        if (!(v instanceof OnnxTensor out)) {
                            throw new OnnxError(label + ": ONNX Runtime returned a " + v.getType() + ", not a tensor");
                        }
                        shape = out.getInfo().getShape();
                        FloatBuffer fb = out.getFloatBuffer();
                        actual = new float[fb.remaining()];
                        fb.get(actual);
                    }
                } finally {
                    feeds.values().forEach(OnnxTensor::close);
                }
            }
        } catch (OrtException e) {
            throw new OnnxError(label + ": ONNX Runtime refused the exported model (" + ModelFile.oneLine(e.getMessage())
                    + ")", e);
        }
        long[] want = Arrays.stream(expected.shape()).asLongStream().toArray();
        if (!Arrays.equals(shape, want)) {
            throw new OnnxError(label + ": ONNX Runtime gives outputs of shape " + Arrays.toString(shape)
                    + ", the model " + Arrays.toString(want));
        }
        double maxDiff = 0;
        double[] e = expected.data();
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(actual[i] - e[i]);
            if (!(d <= maxDiff)) {
                maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
        }
        double allowed = TOLERANCE * Math.max(1, expected.maxAbs());
        if (!(maxDiff <= allowed)) {
            throw new OnnxError(label + ": the exported model differs from the graph by " + maxDiff + " in ONNX Runtime "
                    + "(outputs up to " + expected.maxAbs() + ", tolerance " + allowed + "); nothing was written");
        }
        return new Result(maxDiff, expected.maxAbs(), SAMPLES, version);
    }
}
