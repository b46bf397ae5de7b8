package dev.shallowpi.onnx;

import dev.shallowpi.data.Npy;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.EvalRuntime;
import dev.shallowpi.engine.InferenceRuntime;
import dev.shallowpi.ir.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ONNX Runtime as the runtime of evaluation forwards: it is found, it runs every fixture family, and as PyTorch. */
class OrtInferenceTest {
    /** ONNX Runtime, counting the sessions it opens and the batches it runs. */
    private static final class Counting implements InferenceRuntime {
        final OrtInference ort = new OrtInference();
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicInteger batches = new AtomicInteger();

        @Override
        public String id() {
            return ort.id();
        }

        @Override
        public String describe() {
            return ort.describe();
        }

        @Override
        public Session open(Graph graph, int threads) {
            Session s = ort.open(graph, threads);
            sessions.incrementAndGet();
            return new Session() {
                @Override
                public float[] run(float[] input, long[] shape) {
                    batches.incrementAndGet();
                    return s.run(input, shape);
                }

                @Override
                public void close() {
                    s.close();
                }
            };
        }
    }

    @Test
    void isTheDefaultRuntimeOfEvaluation() {
        assertInstanceOf(OrtInference.class, EvalRuntime.find(null));
        assertTrue(new OrtInference().describe().startsWith("ONNX Runtime 1."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "densenet_tiny", "pad_pool", "resnet50_narrow_1ch", "shufflenet_v2_tiny",
            "mobilenet_v3_small", "efficientnet_tiny", "split_channels"})
    void runsEachFamilyAsPyTorchAndAsTheEngine(String name) throws Exception {
        Graph g = OnnxImporter.read(Fixtures.file("torchvision/" + name + ".onnx")).graph();
        Npy.Array x = Npy.read(Fixtures.file("torchvision/" + name + "_input.npy"));
        Npy.Array y = Npy.read(Fixtures.file("torchvision/" + name + "_output.npy"));
        int n = x.shape()[0];
        float[] engine;
        try (EvalRuntime.Scope use = EvalRuntime.use(null); EngineModel m = EngineModel.frozen(g)) {
            engine = m.predict(x.data(), n);
        }
        Counting ort = new Counting();
        float[] viaOrt;
        try (EvalRuntime.Scope use = EvalRuntime.use(ort); EngineModel m = EngineModel.frozen(g)) {
            viaOrt = m.predict(x.data(), n);
            m.predict(x.data(), n);
        }
        assertEquals(1, ort.sessions.get(), name + ": one session for both batches");
        assertEquals(2, ort.batches.get(), name + ": both batches ran in ONNX Runtime");
        double worstTorch = 0;
        double worstEngine = 0;
        for (int i = 0; i < viaOrt.length; i++) {
            double scale = Math.max(1, Math.abs(y.data()[i]));
            worstTorch = Math.max(worstTorch, Math.abs(viaOrt[i] - y.data()[i]) / scale);
            worstEngine = Math.max(worstEngine, Math.abs(viaOrt[i] - engine[i]) / scale);
        }
        assertTrue(worstTorch <= 1e-4, name + ": ONNX Runtime differs from PyTorch by " + worstTorch);
        assertTrue(worstEngine <= 1e-4, name + ": ONNX Runtime differs from the engine by " + worstEngine);
    }
}
