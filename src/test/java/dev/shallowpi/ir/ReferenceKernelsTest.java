package dev.shallowpi.ir;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every reference kernel against small cases worked out by hand (the arithmetic is in the comments). */
class ReferenceKernelsTest {
    private static final double EPS = 1e-12;

    private static DoubleTensor t(int[] shape, double... values) {
        return new DoubleTensor(shape, values);
    }

    private static Tensor w(int[] shape, float... values) {
        return Tensor.of(shape, values);
    }

    private static DoubleTensor ramp(int... shape) {
        DoubleTensor x = DoubleTensor.zeros(shape);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = i + 1;
        }
        return x;
    }

    @Test
    void convWithStrideAndPaddingSumsTheValidWindow() {
        // 4x4 input 1..16, 3x3 ones kernel, stride 2, padding 1, bias 0.5 -> 2x2:
        // (0,0): 1+2+5+6=14; (0,1): 2+3+4+6+7+8=30; (1,0): 5+6+9+10+13+14=57; (1,1): 6+7+8+10+11+12+14+15+16=99
        Conv2d conv = Conv2d.simple(Tensor.filled(new int[] {1, 1, 3, 3}, 1f), w(new int[] {1}, 0.5f), 2, 1);
        DoubleTensor y = ReferenceKernels.conv2d(ramp(1, 1, 4, 4), conv);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {14.5, 30.5, 57.5, 99.5}, y.data(), EPS);
    }

    @Test
    void dilatedConvSpreadsTheKernel() {
        // in[r,c] = 5r+c on 5x5; kernel [[1,2],[3,4]] dilation 2:
        // out[y,x] = in[y,x] + 2 in[y,x+2] + 3 in[y+2,x] + 4 in[y+2,x+2] = 50y + 10x + 82
        DoubleTensor x = DoubleTensor.zeros(1, 1, 5, 5);
        for (int i = 0; i < 25; i++) {
            x.data()[i] = i;
        }
        Conv2d conv = new Conv2d(w(new int[] {1, 1, 2, 2}, 1, 2, 3, 4), null, Hw.square(1), Padding.NONE,
                Hw.square(2), 1);
        DoubleTensor y = ReferenceKernels.conv2d(x, conv);
        assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(50 * r + 10 * c + 82, y.data()[r * 3 + c], EPS);
            }
        }
    }

    @Test
    void groupedConvReadsOnlyItsGroupsChannels() {
        // channels [1,2,3,4], groups 2: out0 = 10*1 + 20*2 = 50, out1 = 30*3 + 40*4 = 250
        Conv2d conv = new Conv2d(w(new int[] {2, 2, 1, 1}, 10, 20, 30, 40), null, Hw.square(1), Padding.NONE,
                Hw.square(1), 2);
        DoubleTensor y = ReferenceKernels.conv2d(t(new int[] {1, 4, 1, 1}, 1, 2, 3, 4), conv);
        assertArrayEquals(new double[] {50, 250}, y.data(), EPS);
    }

    @Test
    void depthwiseConvScalesEachChannel() {
        Conv2d conv = new Conv2d(w(new int[] {4, 1, 1, 1}, 1, 2, 3, 4), null, Hw.square(1), Padding.NONE,
                Hw.square(1), 4);
        DoubleTensor y = ReferenceKernels.conv2d(t(new int[] {1, 4, 1, 1}, 1, 2, 3, 4), conv);
        assertArrayEquals(new double[] {1, 4, 9, 16}, y.data(), EPS);
    }

    @Test
    void asymmetricPaddingShiftsTheMap() {
        // [1,2;3,4] padded one row on top and one column on the right, 1x1 identity kernel
        Conv2d conv = new Conv2d(w(new int[] {1, 1, 1, 1}, 1), null, Hw.square(1), new Padding(1, 0, 0, 1),
                Hw.square(1), 1);
        DoubleTensor y = ReferenceKernels.conv2d(t(new int[] {1, 1, 2, 2}, 1, 2, 3, 4), conv);
        assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 0, 3, 4, 0}, y.data(), EPS);
    }

    @Test
    void convHandlesBatchAndSeveralInputChannels() {
        // two samples, two channels, 1x1 kernel [1, -1]: out = ch0 - ch1
        Conv2d conv = Conv2d.simple(w(new int[] {1, 2, 1, 1}, 1, -1), null, 1, 0);
        DoubleTensor y = ReferenceKernels.conv2d(t(new int[] {2, 2, 1, 2}, 5, 6, 1, 2, 10, 20, 3, 4), conv);
        assertArrayEquals(new double[] {4, 4, 7, 16}, y.data(), EPS);
    }

    @Test
    void batchNormUsesItsOwnEps() {
        // ch0: (1 - 1) / sqrt(3 + 1) * 2 + 0.5 = 0.5; ch1: (2 - 0) / sqrt(0 + 1) * 1 + 0 = 2
        BatchNorm bn = new BatchNorm(w(new int[] {2}, 2, 1), w(new int[] {2}, 0.5f, 0), w(new int[] {2}, 1, 0),
                w(new int[] {2}, 3, 0), 1.0, 0.1);
        DoubleTensor y = ReferenceKernels.batchNorm(t(new int[] {1, 2, 1, 1}, 1, 2), bn);
        assertArrayEquals(new double[] {0.5, 2}, y.data(), EPS);
        // on a flat [N, C] input too (BN after a linear layer)
        DoubleTensor flat = ReferenceKernels.batchNorm(t(new int[] {2, 2}, 1, 2, 3, 4), bn);
        assertArrayEquals(new double[] {0.5, 2, 2.5, 4}, flat.data(), EPS);
    }

    @Test
    void maxPoolTakesTheLargestAndNeverThePadding() {
        DoubleTensor y = ReferenceKernels.maxPool(ramp(1, 1, 4, 4), MaxPool.of(2, 2));
        assertArrayEquals(new double[] {6, 8, 14, 16}, y.data(), EPS);
        // all-negative input, 3x3 window, stride 2, padding 1: padded zeros must not win
        DoubleTensor neg = ramp(1, 1, 4, 4);
        for (int i = 0; i < 16; i++) {
            neg.data()[i] = -neg.data()[i];
        }
        MaxPool padded = new MaxPool(Hw.square(3), Hw.square(2), Padding.same(1), false);
        assertArrayEquals(new double[] {-1, -2, -5, -6}, ReferenceKernels.maxPool(neg, padded).data(), EPS);
    }

    @Test
    void averagePoolDividesAsPyTorchDoes() {
        DoubleTensor x = t(new int[] {1, 1, 2, 2}, 1, 2, 3, 4);
        AvgPool include = new AvgPool(Hw.square(3), Hw.square(1), Padding.same(1), false, true);
        AvgPool exclude = new AvgPool(Hw.square(3), Hw.square(1), Padding.same(1), false, false);
        assertEquals(10.0 / 9, ReferenceKernels.avgPool(x, include).data()[0], EPS);
        assertEquals(2.5, ReferenceKernels.avgPool(x, exclude).data()[0], EPS);
        // ceil mode on 3x3 (1..9), k2 s2: windows hanging past the map count only what lies inside
        AvgPool ceil = new AvgPool(Hw.square(2), Hw.square(2), Padding.NONE, true, true);
        DoubleTensor y = ReferenceKernels.avgPool(ramp(1, 1, 3, 3), ceil);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new double[] {3, 4.5, 7.5, 9}, y.data(), EPS);
    }

    @Test
    void globalAveragePoolAveragesEachPlane() {
        DoubleTensor y = ReferenceKernels.globalAvgPool(t(new int[] {1, 2, 1, 2}, 1, 2, 10, 30));
        assertArrayEquals(new int[] {1, 2, 1, 1}, y.shape());
        assertArrayEquals(new double[] {1.5, 20}, y.data(), EPS);
    }

    @Test
    void linearIsWeightTimesInputPlusBias() {
        Linear fc = new Linear(w(new int[] {3, 2}, 1, 2, 3, 4, 5, 6), w(new int[] {3}, 1, 1, 1));
        DoubleTensor y = ReferenceKernels.linear(t(new int[] {2, 2}, 1, 1, 1, 0), fc);
        assertArrayEquals(new double[] {4, 8, 12, 2, 4, 6}, y.data(), EPS);
    }

    @Test
    void addReluAndFlatten() {
        DoubleTensor a = t(new int[] {1, 1, 1, 3}, -1, 2, -3);
        DoubleTensor b = t(new int[] {1, 1, 1, 3}, 0.5, 0.5, 4);
        assertArrayEquals(new double[] {-0.5, 2.5, 1}, ReferenceKernels.add(a, b).data(), EPS);
        assertArrayEquals(new double[] {0, 2, 0}, ReferenceKernels.relu(a).data(), EPS);
        assertArrayEquals(new int[] {1, 3}, ReferenceKernels.flatten(a).shape());
    }

    @Test
    void windowOutputMatchesPyTorchFormulae() {
        assertEquals(16, Op.windowOutput(32, 3, 2, 1, 1, 1, false));
        assertEquals(4, Op.windowOutput(7, 3, 2, 1, 1, 1, false));
        assertEquals(2, Op.windowOutput(3, 2, 2, 0, 0, 1, true));
        assertEquals(1, Op.windowOutput(3, 2, 2, 0, 0, 1, false));
        // ceil mode never starts a window in the right padding: 5 wide, k2 s2 p1 -> 3, not 4
        assertEquals(3, Op.windowOutput(5, 2, 2, 1, 1, 1, true));
        // dilation 2 spreads a 2-tap kernel over 3 pixels: windows start at 0 and 2
        assertEquals(2, Op.windowOutput(5, 2, 2, 0, 0, 2, false));
    }
}
