package dev.shallowpi.fold;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each function of the algebra on cases small enough to work out by hand (the arithmetic is in the comments). */
class AlgebraTest {
    private static final double EPS = 1e-12;

    /** A one-channel conv with a 1 x k kernel: along the width it is a 1-D kernel. */
    static ConvKernel row(int stride, int dilation, int padding, double[] bias, double... taps) {
        return new ConvKernel(1, 1, 1, new Hw(1, taps.length), new Hw(1, stride), new Padding(0, padding, 0, padding),
                new Hw(1, dilation), taps, bias);
    }

    static BatchNorm bn(float gamma, float beta, float mean, float var, double eps) {
        int[] s = {1};
        return new BatchNorm(Tensor.filled(s, gamma), Tensor.filled(s, beta), Tensor.filled(s, mean),
                Tensor.filled(s, var), eps, 0.1);
    }

    @Test
    void batchNormFoldsIntoTheConvWithItsOwnEps() {
        // scale = 3 / sqrt(3 + 1) = 1.5; W' = 2 * 1.5 = 3; b' = (1 - 1) * 1.5 + 0.5 = 0.5
        ConvKernel k = Algebra.foldBatchNorm(row(1, 1, 0, new double[] {1}, 2), bn(3, 0.5f, 1, 3, 1.0));
        assertArrayEquals(new double[] {3}, k.weight(), EPS);
        assertArrayEquals(new double[] {0.5}, k.bias(), EPS);
        // no bias: b' = (0 - 1) * 1.5 + 0.5 = -1
        ConvKernel nb = Algebra.foldBatchNorm(row(1, 1, 0, null, 2), bn(3, 0.5f, 1, 3, 1.0));
        assertArrayEquals(new double[] {-1}, nb.bias(), EPS);
    }

    @Test
    void batchNormFoldsIntoALinearLayerPerOutput() {
        // rows scaled by 1.5 and 1 / sqrt(1 + 3) = 0.5
        BatchNorm b = new BatchNorm(Tensor.of(new int[] {2}, new float[] {3, 1}), Tensor.of(new int[] {2},
                new float[] {0, 1}), Tensor.of(new int[] {2}, new float[] {0, 2}),
                Tensor.of(new int[] {2}, new float[] {3, 3}), 1.0, 0.1);
        LinearMap l = Algebra.foldBatchNorm(new LinearMap(2, 2, new double[] {1, 2, 3, 4}, null), b);
        assertArrayEquals(new double[] {1.5, 3, 1.5, 2}, l.weight(), EPS);
        // (0 - 0) * 1.5 + 0 = 0; (0 - 2) * 0.5 + 1 = 0
        assertArrayEquals(new double[] {0, 0}, l.bias(), EPS);
    }

    @Test
    void composingTwoKernelsConvolvesThem() {
        // [1, 2] then [3, 4]: taps u + v -> [1*3, 2*3 + 1*4, 2*4] = [3, 10, 8]; bias 0.5 + (3 + 4) * 1 = 7.5
        ConvKernel k = Algebra.compose(row(1, 1, 1, new double[] {1}, 1, 2), row(1, 1, 0, new double[] {0.5}, 3, 4));
        assertEquals(new Hw(1, 3), k.size());
        assertArrayEquals(new double[] {3, 10, 8}, k.weight(), EPS);
        assertArrayEquals(new double[] {7.5}, k.bias(), EPS);
        assertEquals(new Padding(0, 1, 0, 1), k.padding(), "the first conv's padding");
        assertEquals(new Hw(1, 1), k.stride());
    }

    @Test
    void aFirstStrideDilatesTheSecondKernel() {
        // [1, 2] stride 2 then [3, 4]: taps u + 2v -> [1*3, 2*3, 1*4, 2*4]; stride 2 * 3 = 6
        ConvKernel k = Algebra.compose(row(2, 1, 0, null, 1, 2), row(3, 1, 0, null, 3, 4));
        assertArrayEquals(new double[] {3, 6, 4, 8}, k.weight(), EPS);
        assertEquals(new Hw(1, 6), k.stride());
        assertNull(k.bias(), "no bias in, none out");
    }

    @Test
    void dilationsAreHonouredAndFactoredOut() {
        // [1, 2] dilation 2 then [3, 4]: taps 2u + v -> offsets 0:3, 1:4, 2:6, 3:8
        assertArrayEquals(new double[] {3, 4, 6, 8},
                Algebra.compose(row(1, 2, 0, null, 1, 2), row(1, 1, 0, null, 3, 4)).weight(), EPS);
        // both dilated by 2: taps 2u + 2v -> [3, 10, 8] at dilation 2, not a 5-tap kernel with zeros
        ConvKernel k = Algebra.compose(row(1, 2, 0, null, 1, 2), row(1, 2, 0, null, 3, 4));
        assertArrayEquals(new double[] {3, 10, 8}, k.weight(), EPS);
        assertEquals(new Hw(1, 2), k.dilation());
        // a 1x1 stride-2 conv then [3, 4]: taps 2v -> [3, 4] at dilation 2
        ConvKernel s = Algebra.compose(row(2, 1, 0, null, 5), row(1, 1, 0, null, 3, 4));
        assertArrayEquals(new double[] {15, 20}, s.weight(), EPS);
        assertEquals(new Hw(1, 2), s.dilation());
    }

    @Test
    void composingSumsOverTheMiddleChannels() {
        // 1 -> 2 channels [1; 2], then 2 -> 1 channels [3, 4]: 1*3 + 2*4 = 11; bias 0 + 3*1 + 4*(-1) = -1
        ConvKernel a = new ConvKernel(2, 1, 1, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {1, 2}, new double[] {1, -1});
        ConvKernel b = new ConvKernel(1, 2, 1, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {3, 4}, null);
        ConvKernel k = Algebra.compose(a, b);
        assertArrayEquals(new double[] {11}, k.weight(), EPS);
        assertArrayEquals(new double[] {-1}, k.bias(), EPS);
    }

    @Test
    void aPaddedSecondConvIsRefusedNotApproximated() {
        NotExactException e = assertThrows(NotExactException.class,
                () -> Algebra.compose(row(1, 1, 0, null, 1, 2), row(1, 1, 1, null, 3, 4)));
        assertTrue(e.getMessage().contains("merge-ready"), e.getMessage());
    }

    @Test
    void depthwiseThenDepthwiseStaysDepthwise() {
        // per channel c: [c+1] then [10 * (c+1)] -> 10 (c+1)^2
        ConvKernel a = new ConvKernel(3, 3, 3, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {1, 2, 3}, null);
        ConvKernel b = new ConvKernel(3, 3, 3, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {10, 20, 30}, null);
        ConvKernel k = Algebra.compose(a, b);
        assertEquals(3, k.groups());
        assertArrayEquals(new double[] {10, 40, 90}, k.weight(), EPS);
    }

    @Test
    void groupedThenDenseExpandsBlockDiagonally() {
        // 2 groups of 1 channel: [2], [3]; then dense 2 -> 1: [1, 1] -> W = [2, 3], one group
        ConvKernel a = new ConvKernel(2, 2, 2, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {2, 3}, null);
        ConvKernel b = new ConvKernel(1, 2, 1, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[] {1, 1}, null);
        ConvKernel k = Algebra.compose(a, b);
        assertEquals(1, k.groups());
        assertArrayEquals(new double[] {2, 3}, k.weight(), EPS);
        // and the dense form of the grouped kernel has zeros off its diagonal blocks
        assertArrayEquals(new double[] {2, 0, 0, 3}, a.withGroups(1).weight(), EPS);
    }

    @Test
    void linearThenLinearIsOneMatrixProduct() {
        // W2 W1 = [1 1] [[1 2] [3 4]] = [4 6]; W2 b1 + b2 = 1 + 0.5 = 1.5
        LinearMap a = new LinearMap(2, 2, new double[] {1, 2, 3, 4}, new double[] {1, 0});
        LinearMap b = new LinearMap(1, 2, new double[] {1, 1}, new double[] {0.5});
        LinearMap k = Algebra.compose(a, b);
        assertArrayEquals(new double[] {4, 6}, k.weight(), EPS);
        assertArrayEquals(new double[] {1.5}, k.bias(), EPS);
    }

    @Test
    void anIdentityShortcutAddsOneAtTheCentreTap() {
        ConvKernel main = new ConvKernel(2, 2, 1, Hw.square(3), Hw.square(1), Padding.same(1), Hw.square(1),
                new double[2 * 2 * 9], null);
        double[] w = Algebra.foldIdentity(main).weight();
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 2; c++) {
                for (int t = 0; t < 9; t++) {
                    assertEquals(o == c && t == 4 ? 1 : 0, w[(o * 2 + c) * 9 + t], EPS, "o" + o + " c" + c + " t" + t);
                }
            }
        }
    }

    @Test
    void aProjectionShortcutLandsOnTheCentreOfA7x7Stride2Kernel() {
        // 7x7 stride 2 padding 3 (3x3 s2 p1 merged with 3x3 p1) and a 1x1 stride-2 shortcut: centre tap (3, 3)
        ConvKernel main = new ConvKernel(1, 1, 1, Hw.square(7), Hw.square(2), Padding.same(3), Hw.square(1),
                new double[49], new double[] {1});
        ConvKernel sc = new ConvKernel(1, 1, 1, Hw.square(1), Hw.square(2), Padding.NONE, Hw.square(1),
                new double[] {5}, new double[] {2});
        ConvKernel k = Algebra.foldShortcut(main, sc);
        double[] w = k.weight();
        for (int t = 0; t < 49; t++) {
            assertEquals(t == 3 * 7 + 3 ? 5 : 0, w[t], EPS);
        }
        assertArrayEquals(new double[] {3}, k.bias(), EPS);
    }

    @Test
    void aShortcutThatMissesEveryTapOrStrideIsRefused() {
        // dilation 2, padding 1: the identity reads offset 0 = tap (1 / 2), no tap
        ConvKernel dilated = new ConvKernel(1, 1, 1, Hw.square(3), Hw.square(1), new Padding(1, 1, 3, 3),
                Hw.square(2), new double[9], null);
        assertThrows(NotExactException.class, () -> Algebra.foldIdentity(dilated));
        ConvKernel strided = new ConvKernel(1, 1, 1, Hw.square(3), Hw.square(2), Padding.same(1), Hw.square(1),
                new double[9], null);
        assertThrows(NotExactException.class, () -> Algebra.foldIdentity(strided));
        // padding 0: the conv's output is smaller than its input's, so the sum is not defined for every size
        ConvKernel valid = new ConvKernel(1, 1, 1, Hw.square(3), Hw.square(1), Padding.NONE, Hw.square(1),
                new double[9], null);
        assertThrows(NotExactException.class, () -> Algebra.foldIdentity(valid));
    }

    @Test
    void cropKeepsTheCentreAndEveryOutputPixelInPlace() {
        // 5x5 with values 0..24, padding 2 -> the centre 3x3 (rows 1-3, columns 1-3), padding 1
        double[] w = new double[25];
        for (int i = 0; i < 25; i++) {
            w[i] = i;
        }
        ConvKernel k = new ConvKernel(1, 1, 1, Hw.square(5), Hw.square(1), Padding.same(2), Hw.square(1), w,
                new double[] {7});
        ConvKernel c = Algebra.cropCentre(k, Hw.square(3));
        assertArrayEquals(new double[] {6, 7, 8, 11, 12, 13, 16, 17, 18}, c.weight(), EPS);
        assertEquals(Padding.same(1), c.padding());
        assertArrayEquals(new double[] {7}, c.bias(), EPS);
        assertThrows(IllegalArgumentException.class, () -> Algebra.cropCentre(k, Hw.square(2)), "not centred");
        ConvKernel unpadded = new ConvKernel(1, 1, 1, Hw.square(5), Hw.square(1), Padding.same(1), Hw.square(1), w,
                null);
        assertThrows(IllegalArgumentException.class, () -> Algebra.cropCentre(unpadded, Hw.square(1)),
                "padding would go negative");
    }

    @Test
    void mergeReadyMovesTheSecondPaddingScaledByTheFirstStride() {
        // P1 + s1 * P2 per side: (1,1,1,1) + 2 * (1,0,2,1) = (3,1,5,3)
        ConvKernel a = new ConvKernel(1, 1, 1, Hw.square(3), Hw.square(2), Padding.same(1), Hw.square(1),
                new double[9], null);
        ConvKernel b = new ConvKernel(1, 1, 1, Hw.square(3), Hw.square(1), new Padding(1, 0, 2, 1), Hw.square(1),
                new double[9], null);
        Algebra.Pair p = Algebra.mergeReady(a, b);
        assertEquals(new Padding(3, 1, 5, 3), p.first().padding());
        assertEquals(Padding.NONE, p.second().padding());
    }

    @Test
    void bothWaysOfComposingAgree() {
        java.util.Random r = new java.util.Random(5);
        double[] w1 = new double[4 * 3 * 9];
        double[] w2 = new double[5 * 4 * 9];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = r.nextGaussian();
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = r.nextGaussian();
        }
        ConvKernel a = new ConvKernel(4, 3, 1, Hw.square(3), Hw.square(2), Padding.same(1), Hw.square(1), w1, null);
        ConvKernel b = new ConvKernel(5, 4, 1, Hw.square(3), Hw.square(1), Padding.NONE, Hw.square(1), w2, null);
        assertArrayEquals(Algebra.compose(a, b, false).weight(), Algebra.compose(a, b, true).weight(), 1e-12);
    }
}
