package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Evaluation forwards in another runtime: when sessions load and reload, the check, and what stays in the engine. */
class EvalRuntimeTest {
    /** Runs graphs in the double-precision reference executor, plus {@code offset}; counts the sessions opened. */
    static final class Fake implements InferenceRuntime {
        final double offset;
        final boolean refuse;
        int attempts;
        int opened;
        int batches;

        Fake(double offset, boolean refuse) {
            this.offset = offset;
            this.refuse = refuse;
        }

        @Override
        public String id() {
            return "fake";
        }

        @Override
        public String describe() {
            return "Fake 1.0";
        }

        @Override
        public Session open(Graph graph, int threads) {
            attempts++;
            if (refuse) {
                throw new UnsupportedOperationException("no");
            }
            opened++;
            return new Session() {
                @Override
                public float[] run(float[] input, long[] shape) {
                    batches++;
                    int[] dims = new int[shape.length];
                    double[] in = new double[input.length];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = (int) shape[i];
                    }
                    for (int i = 0; i < in.length; i++) {
                        in[i] = input[i];
                    }
                    double[] y = ReferenceExecutor.run(graph, new DoubleTensor(dims, in)).data();
                    float[] out = new float[y.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = (float) (y[i] + offset);
                    }
                    return out;
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private static Graph model() {
        return RandomWeights.randomise(Zoo.build(new ModelSpec("resnet20", 0.25, 10,
                dev.shallowpi.ir.Shape.parse("3x16x16"), 0)), 5);
    }

    private static float[] input(Graph g, int n) {
        return GraphBlockTest.toFloats(DoubleTensor.randomNormal(9, n, g.inputs().get(0).shape()));
    }

    private static float[] inTheEngine(Graph g, float[] x, int n) {
        try (EvalRuntime.Scope use = EvalRuntime.use(null); EngineModel m = EngineModel.of(g)) {
            return m.predict(x, n);
        }
    }

    private static void trainStep(EngineModel m, Graph g) {
        float[] images = input(g, 8);
        try (NDManager step = m.manager().newSubManager()) {
            NDArray in = step.create(images, new Shape(8, 3, 16, 16));
            try (ai.djl.training.GradientCollector gc = Djl.engine().newGradientCollector()) {
                gc.backward(CrossEntropy.of(m.forward(in, true), step.create(new int[] {0, 1, 2, 3, 4, 5, 6, 7}), 0));
            }
            new Sgd(0.9, 5e-4, false, Set.copyOf(Trainer.decayedKeys(g))).step(m.parameters(), 0.5);
        }
    }

    @Test
    void aSessionServesEveryEvaluationUntilTheWeightsChange() throws Exception {
        Graph g = model();
        float[] x = input(g, 4);
        Fake fake = new Fake(0, false);
        try (EvalRuntime.Scope use = EvalRuntime.use(fake); EngineModel m = EngineModel.of(g)) {
            float[] first = m.predict(x, 4);
            float[] second = m.predict(x, 4);
            assertEquals(1, fake.opened, "one session for the same weights");
            assertEquals(2, fake.batches);
            assertArrayEquals(first, second, "the runtime's outputs, not the engine's, are returned");
            trainStep(m, g);
            float[] after = m.predict(x, 4);
            assertEquals(2, fake.opened, "a training forward means new weights and a new session");
            double diff = GraphBlockTest.maxAbsDiff(after, ReferenceExecutor.run(m.toGraph(),
                    new DoubleTensor(new int[] {4, 3, 16, 16}, GraphBlockTest.toDoubleArray(x))).data());
            assertTrue(diff <= 1e-6, "the new session runs the trained weights, off by " + diff);
        }
    }

    @Test
    void aRuntimeComputingAnotherModelIsDroppedOnItsFirstBatch() throws Exception {
        Graph g = model();
        float[] x = input(g, 2);
        float[] engine = inTheEngine(g, x, 2);
        Fake wrong = new Fake(0.01, false);
        try (EvalRuntime.Scope use = EvalRuntime.use(wrong); EngineModel m = EngineModel.of(g)) {
            assertArrayEquals(engine, m.predict(x, 2), "the engine's outputs, not the runtime's");
            assertEquals("PyTorch", m.evaluatedBy().split(" ")[0]);
            assertArrayEquals(engine, m.predict(x, 2));
            assertEquals(1, wrong.batches, "the runtime is not asked again for this model");
            trainStep(m, g);
            m.predict(x, 2);
            assertEquals(1, wrong.attempts, "not even after new weights");
        }
        Fake close = new Fake(1e-5, false);
        try (EvalRuntime.Scope use = EvalRuntime.use(close); EngineModel m = EngineModel.of(g)) {
            float[] y = m.predict(x, 2); // float rounding between runtimes is tolerated
            assertEquals(1, close.batches);
            assertEquals("Fake 1.0", m.evaluatedBy());
            assertTrue(GraphBlockTest.maxAbsDiff(y, GraphBlockTest.toDoubleArray(engine)) > 5e-6, "runtime's outputs");
        }
    }

    @Test
    void theCheckComparesEveryOutputAndTheirCount() {
        assertNull(EvalSession.difference(new float[] {1, Float.NaN, 500}, new float[] {1, Float.NaN, 500.04f}));
        assertEquals("outputs differ by 2.00e-02, tolerance 2.0e-04",
                EvalSession.difference(new float[] {1, 2.02f}, new float[] {1, 2}), "relative beyond 1");
        assertTrue(EvalSession.difference(new float[] {1, 2, 3}, new float[] {1, 2}).startsWith("3 outputs where"));
        assertTrue(EvalSession.difference(new float[] {Float.NaN}, new float[] {0}) != null, "NaN is a difference");
    }

    @Test
    void gatedPinnedAndRefusedModelsRunInTheEngine() throws Exception {
        Graph g = model();
        float[] x = input(g, 2);
        float[] engine = inTheEngine(g, x, 2);
        Fake fake = new Fake(0, false);
        String relu = g.nodes().stream().filter(n -> n.op() instanceof dev.shallowpi.ir.Relu).findFirst()
                .orElseThrow().name();
        try (EvalRuntime.Scope use = EvalRuntime.use(fake); EngineModel m = EngineModel.gated(g, Set.of(relu))) {
            assertArrayEquals(engine, m.predict(x, 2), "a gate is not part of the exported graph");
            assertEquals(0, fake.opened);
        }
        try (EvalRuntime.Scope use = EvalRuntime.use(fake); EngineModel m = EngineModel.of(g).inEngineOnly()) {
            assertArrayEquals(engine, m.predict(x, 2), "pinned to the engine");
            assertEquals(0, fake.opened);
        }
        Fake refusing = new Fake(0, true);
        try (EvalRuntime.Scope use = EvalRuntime.use(refusing); EngineModel m = EngineModel.of(g)) {
            assertArrayEquals(engine, m.predict(x, 2));
            assertArrayEquals(engine, m.predict(x, 2));
            assertEquals(1, refusing.attempts, "a graph refused once is not offered again");
        }
    }

    @Test
    void theEnvironmentNamesTheRuntime() {
        assertNull(EvalRuntime.find("engine"));
        assertNull(EvalRuntime.find(" Engine "));
        assertEquals("onnxruntime", EvalRuntime.find(null).id(), "ONNX Runtime is found on the class path");
        assertEquals("onnxruntime", EvalRuntime.find("onnxruntime").id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvalRuntime.find("tvm"));
        assertEquals("SHALLOWPI_INFERENCE=tvm is not a runtime here: use engine, onnxruntime", e.getMessage());
    }
}
