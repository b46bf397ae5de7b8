package dev.shallowpi.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.shallowpi.engine.InferenceRuntime;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;

import java.nio.FloatBuffer;
import java.util.Map;

/**
 * ONNX Runtime as the runtime of evaluation-mode forwards (registered in
 * {@code META-INF/services/dev.shallowpi.engine.InferenceRuntime}): the graph is exported in memory as
 * {@link OnnxExporter} writes it and run with every graph optimisation on, which fuses each conv with the batch norm
 * and the ReLU after it. A graph the exporter refuses, or that holds an op ONNX Runtime computes otherwise than
 * PyTorch, is left to the engine.
 */
public final class OrtInference implements InferenceRuntime {
    public static final String ID = "onnxruntime";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String describe() {
        return "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion();
    }

    @Override
    public Session open(Graph graph, int threads) {
        for (Node n : graph.nodes()) {
            if (n.op() instanceof AvgPool a && a.ceilMode()) {
                // ONNX Runtime 1.20 sizes and divides ceil-mode average pools otherwise than PyTorch (measured: a 9x9
                // input pooled 2x2, stride 2, padding 1 gives 6x6 against PyTorch's 5x5)
                throw new UnsupportedOperationException("node '" + n.name() + "': ceil-mode average pooling");
            }
        }
        byte[] model;
        try {
            model = OnnxExporter.toBytes(graph);
        } catch (OnnxError refused) {
            throw new UnsupportedOperationException(refused.getMessage(), refused);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            // Between two evaluation batches the engine trains or prepares data on the same cores: threads that
            // spin-wait there for the next batch would take those cores (the trouble engine.CoreShare avoids).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(model, options);
            String input = session.getInputNames().iterator().next();
            return new Loaded(env, session, input);
        } catch (OrtException e) {
            throw new UnsupportedOperationException("ONNX Runtime refused the model: "
                    + ModelFile.oneLine(e.getMessage()), e);
        }
    }

    private record Loaded(OrtEnvironment env, OrtSession session, String input) implements Session {
        @Override
        public float[] run(float[] x, long[] shape) {
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result r = session.run(Map.of(input, t))) {
                OnnxValue v = r.get(0);
                if (!(v instanceof OnnxTensor out)) {
                    throw new IllegalStateException("ONNX Runtime returned a " + v.getType() + ", not a tensor");
                }
                FloatBuffer fb = out.getFloatBuffer();
                float[] y = new float[fb.remaining()];
                fb.get(y);
                return y;
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed on a batch: " + ModelFile.oneLine(e.getMessage()),
                        e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
