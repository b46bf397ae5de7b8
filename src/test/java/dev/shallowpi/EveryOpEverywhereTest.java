package dev.shallowpi;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.GraphCodec;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Identity;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.onnx.OnnxExporter;
import dev.shallowpi.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every IR op through every place that dispatches on the op type: the reference executor, named weights, cost
 * analysis, the engine (evaluation and training forwards), checkpoints and ONNX export and import. {@code Op} is
 * sealed, and the first test fails until a new op has an example here, so an op that one of these places misses
 * fails the build, not a user's run ("no engine kernel for op ...").
 */
class EveryOpEverywhereTest {
    private static final Shape IMAGE = Shape.of(4, 6, 6);

    /** A small graph that uses the op, by op type. */
    private static final Map<Class<? extends Op>, Supplier<Graph>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put(Conv2d.class, () -> single(new Conv2d(random(new int[] {6, 2, 3, 3}, 1), random(new int[] {6}, 2),
                Hw.square(2), Padding.same(1), Hw.square(1), 2)));
        EXAMPLES.put(BatchNorm.class, () -> single(new BatchNorm(random(new int[] {4}, 3), random(new int[] {4}, 4),
                random(new int[] {4}, 5), Tensor.generate(new int[] {4}, i -> 0.5 + i), 1e-5, 0.1)));
        EXAMPLES.put(Relu.class, () -> single(new Relu()));
        EXAMPLES.put(Add.class, () -> {
            GraphBuilder b = new GraphBuilder().input("x", IMAGE);
            String r = b.add("r", new Relu(), "x");
            return b.build(b.add("op", new Add(), r, "x"));
        });
        EXAMPLES.put(MaxPool.class, () -> single(new MaxPool(Hw.square(3), Hw.square(2), Padding.same(1), false)));
        EXAMPLES.put(AvgPool.class, () -> single(new AvgPool(Hw.square(3), Hw.square(2), Padding.same(1), false,
                false)));
        EXAMPLES.put(GlobalAvgPool.class, () -> single(new GlobalAvgPool()));
        EXAMPLES.put(Flatten.class, () -> single(new Flatten()));
        EXAMPLES.put(Linear.class, () -> {
            GraphBuilder b = new GraphBuilder().input("x", IMAGE);
            String f = b.add("flat", new Flatten(), "x");
            return b.build(b.add("op", new Linear(random(new int[] {3, 144}, 6), random(new int[] {3}, 7)), f));
        });
        EXAMPLES.put(Identity.class, () -> {
            GraphBuilder b = new GraphBuilder().input("x", IMAGE);
            String i = b.add("op", new Identity(), "x");
            return b.build(b.add("r", new Relu(), i));
        });
        EXAMPLES.put(dev.shallowpi.ir.Sigmoid.class, () -> single(new dev.shallowpi.ir.Sigmoid()));
        EXAMPLES.put(dev.shallowpi.ir.HardSigmoid.class, () -> single(dev.shallowpi.ir.HardSigmoid.PYTORCH));
        EXAMPLES.put(dev.shallowpi.ir.Mul.class, () -> {
            // squeeze-excitation's shape: each channel scaled by a C x 1 x 1 gate computed from the input
            GraphBuilder b = new GraphBuilder().input("x", IMAGE);
            String pooled = b.add("pool", new GlobalAvgPool(), "x");
            String gate = b.add("gate", new dev.shallowpi.ir.Sigmoid(), pooled);
            return b.build(b.add("op", new dev.shallowpi.ir.Mul(), "x", gate));
        });
        EXAMPLES.put(ChannelGather.class, () -> single(new ChannelGather(new int[] {3, 0, 2})));
        EXAMPLES.put(Concat.class, () -> {
            GraphBuilder b = new GraphBuilder().input("x", IMAGE);
            String r = b.add("r", new Relu(), "x");
            return b.build(b.add("op", new Concat(2), "x", r));
        });
    }

    private static Graph single(Op op) {
        GraphBuilder b = new GraphBuilder().input("x", IMAGE);
        return b.build(b.add("op", op, "x"));
    }

    private static Tensor random(int[] shape, long seed) {
        Random r = new Random(seed);
        return Tensor.generate(shape, i -> r.nextGaussian() * 0.5);
    }

    static Stream<Class<?>> ops() {
        return Arrays.stream(Op.class.getPermittedSubclasses());
    }

    @Test
    void everyOpHasAnExample() {
        Set<String> permitted = ops().map(Class::getSimpleName).collect(Collectors.toSet());
        Set<String> covered = EXAMPLES.keySet().stream().map(Class::getSimpleName).collect(Collectors.toSet());
        assertEquals(permitted, covered, "Op's permitted types against the examples here: add an example for a new "
                + "op, and the other tests walk it through every dispatcher");
    }

    @ParameterizedTest
    @MethodSource("ops")
    void everyDispatcherKnowsTheOp(Class<?> type) throws Exception {
        Graph g = EXAMPLES.get(type).get();
        assertTrue(g.nodes().stream().anyMatch(n -> n.op().getClass() == type), type + " is in its example");
        DoubleTensor x = floatExact(DoubleTensor.randomNormal(11, 2, g.inputs().get(0).shape()));
        DoubleTensor expected = ReferenceExecutor.run(g, x);

        assertEquals(g.nodes(), NamedWeights.replace(g, NamedWeights.extract(g)).nodes(), "named weights");
        ModelCost cost = CostAnalysis.of(g);
        assertTrue(cost.macs() >= 0 && cost.relus() >= 0, "cost analysis");

        try (EngineModel m = EngineModel.of(g)) {
            float[] eval = m.predict(toFloats(x), 2);
            assertClose(expected.data(), eval, "engine, evaluation forward");
            try (NDManager step = m.manager().newSubManager()) {
                long[] dims = new long[] {2, 0, 0, 0};
                int[] sample = g.inputs().get(0).shape().dims();
                for (int i = 0; i < sample.length; i++) {
                    dims[i + 1] = sample[i];
                }
                float[] train = m.forward(step.create(toFloats(x), new ai.djl.ndarray.types.Shape(dims)), true)
                        .toFloatArray();
                assertEquals(eval.length, train.length, "engine, training forward");
                for (float v : train) {
                    assertTrue(Float.isFinite(v), "engine, training forward: " + v);
                }
            }
        }

        ObjectNode json = GraphCodec.toJson(g);
        assertEquals(g.nodes(), GraphCodec.fromJson(json, NamedWeights.extract(g), "test").nodes(), "checkpoint");

        Graph back = OnnxImporter.parse(OnnxExporter.toBytes(g), null, "test").graph();
        assertEquals(expected, ReferenceExecutor.run(back, x), "ONNX export and import");
    }

    private static DoubleTensor floatExact(DoubleTensor t) {
        double[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) d[i];
        }
        return new DoubleTensor(t.shape(), d);
    }

    private static float[] toFloats(DoubleTensor t) {
        float[] f = new float[t.data().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.data()[i];
        }
        return f;
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
