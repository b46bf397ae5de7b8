package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.data.Splits;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why this exists: libtorch's oneDNN (3.7, in libtorch 2.7.1) overflows a heap buffer in the backward-weights pass
 * of a strided 1x1 convolution on channels-last activations with fewer than 16 input channels (see
 * {@link StridedPointwiseGuard}). On a machine where it bites (AMD EPYC Zen 5 VMs; on the VM this was written on,
 * at 56x56 inputs) the JVM dies with SIGSEGV in
 * {@code jit_avx512_common_1x1_convolution_bwd_weights_t::execute_backward_weights}: these tests then do not fail,
 * they kill the test run, which is the point. Elsewhere they pass with or without the guard and still check that
 * the route around the kernel computes the same gradients.
 */
class StridedPointwiseConvTest {
    private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static Stream<Arguments> crashingShapes() {
        List<Arguments> shapes = new ArrayList<>();
        for (int channels : new int[] {4, 8, 12, 15}) {
            for (int size : new int[] {28, 56}) {
                for (int batch : new int[] {2, 128}) {
                    shapes.add(Arguments.of(channels, size, batch));
                }
            }
        }
        return shapes.stream();
    }

    /**
     * Three SGD steps of one strided 1x1 conv (stride 2, 8 outputs, with bias) on channels-last activations take
     * the same weight gradients as on NCHW ones (oneDNN's blocked layout, which pads the channels and never
     * overflows), and the first step's equal the exact gradients computed here in double.
     */
    @ParameterizedTest(name = "Cin {0}, {1}x{1}, batch {2}")
    @MethodSource("crashingShapes")
    void channelsLastGradientsEqualNchwAndExact(int channels, int size, int batch) {
        Graph g = stridedPointwise(channels, 8, 2, size, 3);
        Random r = new Random(channels * 1000L + size * 10L + batch);
        float[] x = gaussian(r, batch * channels * size * size);
        int out = (size + 1) / 2;
        float[] probe = gaussian(r, batch * 8 * out * out);
        List<float[][]> channelsLast = threeSteps(g, x, probe, batch, true);
        List<float[][]> nchw = threeSteps(g, x, probe, batch, false);
        double[][] exact = exactGradients(g, x, probe, batch, size);
        for (int p = 0; p < 2; p++) {
            String what = (p == 0 ? "weight" : "bias") + " gradient";
            assertClose(exact[p], channelsLast.get(0)[p], "step 1 " + what + ", channels-last against exact");
            assertClose(exact[p], nchw.get(0)[p], "step 1 " + what + ", NCHW against exact");
            for (int step = 0; step < 3; step++) {
                assertClose(toDoubles(nchw.get(step)[p]), channelsLast.get(step)[p],
                        "step " + (step + 1) + " " + what + ", channels-last against NCHW");
            }
        }
    }

    /**
     * resnet20 at widths 0.25 and 0.5 (4-32 channels, two strided 1x1 shortcuts) train an epoch on channels-last
     * activations, laid out once at the input or after every op (auto, the default), to the same finite loss. NCHW is
     * no reference here: below 16 channels libtorch's oneDNN returns wrong input gradients on NCHW at random on some
     * CPUs ({@link TrainingLayout}); the strided convs' own gradients are checked against exact ones above.
     */
    @ParameterizedTest(name = "resnet20 x{0}")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.25, 0.5})
    void narrowResnetsTrainAShortEpoch(double width) {
        // Fashion-MNIST at 28x28 (where the machine crashed) and synthetic 3x56x56 images (where this VM does)
        ImageSet fashion = Splits.split(DatasetKind.FASHION_MNIST.train(FASHION_MNIST), 0, 512).train();
        checkLayoutsTrainAlike(width, fashion, DatasetKind.FASHION_MNIST.normalization());
        checkLayoutsTrainAlike(width, synthetic(512, 3, 56, 7), new Normalization(new double[] {0.5, 0.5, 0.5},
                new double[] {0.25, 0.25, 0.25}));
    }

    @Test
    void theGuardTakesExactlyTheFaultyShapes() {
        assertTrue(StridedPointwiseGuard.reroutes(conv(15, 1, 2, Padding.NONE, 1)));
        assertTrue(StridedPointwiseGuard.reroutes(conv(4, 1, 3, Padding.NONE, 1)));
        assertTrue(StridedPointwiseGuard.reroutes(new Conv2d(Tensor.filled(new int[] {8, 4, 1, 1}, 1f), null,
                new Hw(1, 2), Padding.NONE, Hw.square(1), 1)));
        // 32 input channels in 4 groups: 8 per group, under the block
        assertTrue(StridedPointwiseGuard.reroutes(conv(32, 1, 2, Padding.NONE, 4)));
        assertFalse(StridedPointwiseGuard.reroutes(conv(16, 1, 2, Padding.NONE, 1)), "16 channels fill the block");
        assertFalse(StridedPointwiseGuard.reroutes(conv(8, 1, 1, Padding.NONE, 1)), "unit stride copies nothing");
        assertFalse(StridedPointwiseGuard.reroutes(conv(8, 3, 2, Padding.same(1), 1)), "not 1x1");
        assertFalse(StridedPointwiseGuard.reroutes(conv(8, 1, 2, Padding.same(1), 1)),
                "padded: the slice would not be the same conv");
    }

    private static Conv2d conv(int in, int kernel, int stride, Padding padding, int groups) {
        return new Conv2d(Tensor.filled(new int[] {8, in / groups, kernel, kernel}, 1f), null, Hw.square(stride),
                padding, Hw.square(1), groups);
    }

    private static void checkLayoutsTrainAlike(double width, ImageSet set, Normalization norm) {
        Graph g = Zoo.build(new ModelSpec("resnet20", width, 10, set.imageShape(), 5));
        TrainConfig c = new TrainConfig(1, 128, 0.05, 0.9, false, 5e-4, 0, 0, 5);
        String what = "resnet20 x" + width + " on " + set.imageShape();
        EpochStats once = oneEpoch(g, c, set, norm, TrainingLayout.CHANNELS_LAST);
        EpochStats auto = oneEpoch(g, c, set, norm, TrainingLayout.AUTO);
        for (EpochStats e : List.of(once, auto)) {
            assertEquals(set.size(), e.images(), what);
            assertTrue(Double.isFinite(e.loss()), what + ": loss " + e.loss());
        }
        assertEquals(once.loss(), auto.loss(), 1e-3 * Math.max(1, once.loss()), what + ": auto against channels-last");
    }

    private static EpochStats oneEpoch(Graph g, TrainConfig c, ImageSet set, Normalization norm,
                                       TrainingLayout layout) {
        try (Trainer t = new Trainer(g, c, new CrossEntropy(0))) {
            t.model().block().useLayout(layout);
            return t.trainEpoch(set, norm, Augmentation.NONE, 0, LrSchedule.constant(c.lr()), 0, StepListener.NONE);
        }
    }

    static ImageSet synthetic(int n, int channels, int size, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * channels * size * size];
        r.nextBytes(pixels);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(10);
        }
        return new ImageSet(pixels, labels, dev.shallowpi.ir.Shape.of(channels, size, size), 10);
    }

    static Graph stridedPointwise(int in, int out, int stride, int size, long seed) {
        Random r = new Random(seed);
        Tensor w = Tensor.generate(new int[] {out, in, 1, 1}, i -> r.nextGaussian() / Math.sqrt(in));
        Tensor b = Tensor.generate(new int[] {out}, i -> r.nextGaussian() * 0.1);
        GraphBuilder gb = new GraphBuilder().input("x", dev.shallowpi.ir.Shape.of(in, size, size));
        String conv = gb.add("shortcut", new Conv2d(w, b, Hw.square(stride), Padding.NONE, Hw.square(1), 1), "x");
        return gb.build(conv);
    }

    /** The weight and bias gradients of {@code sum(conv(x) * probe) / batch} at each of three SGD steps. */
    private static List<float[][]> threeSteps(Graph g, float[] x, float[] probe, int batch, boolean channelsLast) {
        List<float[][]> grads = new ArrayList<>();
        int in = g.inputs().get(0).shape().dim(0);
        int size = g.inputs().get(0).shape().dim(1);
        long[] outShape = outputShape(g, batch);
        try (EngineModel m = EngineModel.of(g)) {
            m.block().useLayout(channelsLast ? TrainingLayout.CHANNELS_LAST : TrainingLayout.NCHW);
            Sgd sgd = new Sgd(0.9, 0, false, java.util.Set.of());
            for (int step = 0; step < 3; step++) {
                try (NDManager s = m.manager().newSubManager()) {
                    NDArray input = s.create(x, new Shape(batch, in, size, size));
                    NDArray p = s.create(probe, new Shape(outShape));
                    try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                        gc.backward(m.forward(input, true).mul(p).sum().div(batch));
                    }
                    Map<String, ai.djl.nn.Parameter> params = m.parameters();
                    grads.add(new float[][] {
                        params.get("shortcut.weight").getArray().getGradient().toFloatArray(),
                        params.get("shortcut.bias").getArray().getGradient().toFloatArray()});
                    sgd.step(params, 0.1);
                }
            }
        }
        return grads;
    }

    private static long[] outputShape(Graph g, int batch) {
        int[] o = g.outputShape().dims();
        return new long[] {batch, o[0], o[1], o[2]};
    }

    /** d/dW of {@code sum(conv(x) * probe) / batch}: each output pixel reads input pixel {@code (2y, 2x)}. */
    private static double[][] exactGradients(Graph g, float[] x, float[] probe, int batch, int size) {
        Conv2d c = (Conv2d) g.node("shortcut").op();
        int in = c.inChannels();
        int outCh = c.outChannels();
        int stride = c.stride().h();
        int out = g.outputShape().dim(1);
        double[] dw = new double[outCh * in];
        double[] db = new double[outCh];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outCh; o++) {
                for (int y = 0; y < out; y++) {
                    for (int xx = 0; xx < out; xx++) {
                        double gp = probe[((n * outCh + o) * out + y) * out + xx];
                        db[o] += gp / batch;
                        for (int i = 0; i < in; i++) {
                            dw[o * in + i] += gp * x[((n * in + i) * size + y * stride) * size + xx * stride] / batch;
                        }
                    }
                }
            }
        }
        return new double[][] {dw, db};
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        // 1e-4 in absolute terms for gradients of order one, relative beyond
        assertTrue(worst <= 1e-4 * scale, what + ": differs by " + worst + " at magnitude " + scale);
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] gaussian(Random r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) r.nextGaussian();
        }
        return f;
    }
}
