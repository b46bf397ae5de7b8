package dev.shallowpi.fold;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The least-squares shallow kernel against an independent evaluation of the convs it replaces. */
class KernelFitTest {
    private static final Hw THREE = Hw.square(3);

    private static double[] random(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** Random images, correlated between neighbouring pixels (a blur of noise) and with a non-zero mean. */
    private static KernelFit.Samples images(Random r, int n, int c, int h, int w) {
        float[][] im = new float[n][c * h * w];
        for (float[] x : im) {
            double[] noise = random(r, c * h * w);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < w; z++) {
                        int at = (ch * h + y) * w + z;
                        double right = z + 1 < w ? noise[at + 1] : 0;
                        double down = y + 1 < h ? noise[at + w] : 0;
                        x[at] = (float) (0.5 + noise[at] + 0.7 * right + 0.5 * down);
                    }
                }
            }
        }
        return new KernelFit.Samples(im, c, h, w);
    }

    /** Two 3x3 convs (2 -> 3 -> 2 channels, biased) composed exactly: a 5x5 kernel with padding 2. */
    private static ConvKernel composed5x5(Random r) {
        ConvKernel first = new ConvKernel(3, 2, 1, THREE, Hw.square(1), Padding.same(1), Hw.square(1),
                random(r, 3 * 2 * 9), random(r, 3));
        ConvKernel second = new ConvKernel(2, 3, 1, THREE, Hw.square(1), Padding.same(1), Hw.square(1),
                random(r, 2 * 3 * 9), random(r, 2));
        Algebra.Pair ready = Algebra.mergeReady(first, second);
        return Algebra.compose(ready.first(), ready.second());
    }

    /** {@code sum (k(x) - exact(x))^2 / sum (exact(x) - mean)^2} over every output, by the reference conv. */
    private static double relativeError(ConvKernel k, ConvKernel exact, KernelFit.Samples s) {
        int n = s.images().length;
        double[] flat = new double[n * s.channels() * s.height() * s.width()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < s.images()[i].length; j++) {
                flat[i * s.images()[i].length + j] = s.images()[i][j];
            }
        }
        DoubleTensor x = new DoubleTensor(new int[] {n, s.channels(), s.height(), s.width()}, flat);
        double[] got = k.apply(x).data();
        double[] want = exact.apply(x).data();
        int per = want.length / (n * exact.outChannels());
        double residual = 0;
        double variance = 0;
        for (int o = 0; o < exact.outChannels(); o++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < per; p++) {
                    int at = (i * exact.outChannels() + o) * per + p;
                    residual += (got[at] - want[at]) * (got[at] - want[at]);
                    sum += want[at];
                    sq += want[at] * want[at];
                }
            }
            variance += sq - sum * sum / (n * per);
        }
        return residual / variance;
    }

    @Test
    void aComposedConvThatFitsInThreeByThreeIsReproducedExactly() {
        Random r = new Random(1);
        ConvKernel exact = composed5x5(r);
        // zero the outer ring: the composed conv is then a 3x3 conv in a 5x5 frame, which the fit can represent
        double[] w = exact.weight();
        for (int plane = 0; plane < w.length / 25; plane++) {
            for (int u = 0; u < 5; u++) {
                for (int v = 0; v < 5; v++) {
                    if (u == 0 || u == 4 || v == 0 || v == 4) {
                        w[plane * 25 + u * 5 + v] = 0;
                    }
                }
            }
        }
        ConvKernel ringless = new ConvKernel(2, 2, 1, Hw.square(5), Hw.square(1), exact.padding(), Hw.square(1), w,
                exact.bias());
        KernelFit.Samples s = images(r, 6, 2, 8, 8);
        KernelFit.Fitted f = KernelFit.fit(ringless, THREE, s, 100_000, 0);
        ConvKernel crop = Algebra.cropCentre(ringless, THREE);
        assertArrayEquals(crop.weight(), f.kernel().weight(), 1e-6);
        assertArrayEquals(crop.biasOrZeros(), f.kernel().biasOrZeros(), 1e-6);
        assertEquals(crop.padding(), f.kernel().padding());
        assertTrue(f.fitError() < 1e-9, "fit error " + f.fitError());
        assertTrue(relativeError(f.kernel(), ringless, s) < 1e-9);
    }

    @Test
    void theFitBeatsTheCropAndReportsItsErrorTruly() {
        Random r = new Random(2);
        ConvKernel exact = composed5x5(r);
        KernelFit.Samples s = images(r, 5, 2, 9, 7);
        KernelFit.Fitted f = KernelFit.fit(exact, THREE, s, 100_000, 0);
        assertEquals(5 * 9 * 7, f.positions()); // every position, when there are fewer than allowed
        ConvKernel crop = Algebra.cropCentre(exact, THREE);
        double fit = relativeError(f.kernel(), exact, s);
        double cropped = relativeError(crop, exact, s);
        // the reported errors are those the reference conv measures, and least squares cannot lose to the crop
        assertEquals(fit, f.fitError(), 1e-6 * Math.max(1, fit));
        assertEquals(cropped, f.cropError(), 1e-6 * Math.max(1, cropped));
        assertTrue(fit < cropped, fit + " against " + cropped);
        // a fit on a random subset of positions is still a fit: better than the crop on all of them
        KernelFit.Fitted sampled = KernelFit.fit(exact, THREE, s, 200, 7);
        assertEquals(200, sampled.positions());
        assertTrue(relativeError(sampled.kernel(), exact, s) < cropped);
    }

    @Test
    void aStridedCompositionKeepsTheOutputGrid() {
        Random r = new Random(3);
        ConvKernel first = new ConvKernel(2, 1, 1, THREE, Hw.square(2), Padding.same(1), Hw.square(1),
                random(r, 2 * 9), null);
        ConvKernel second = new ConvKernel(2, 2, 1, THREE, Hw.square(1), Padding.same(1), Hw.square(1),
                random(r, 2 * 2 * 9), null);
        Algebra.Pair ready = Algebra.mergeReady(first, second);
        ConvKernel exact = Algebra.compose(ready.first(), ready.second()); // 7x7, stride 2, padding 3
        assertEquals(Hw.square(7), exact.size());
        KernelFit.Samples s = images(r, 4, 1, 10, 10);
        KernelFit.Fitted f = KernelFit.fit(exact, THREE, s, 100_000, 0);
        assertEquals(exact.stride(), f.kernel().stride());
        assertEquals(Padding.same(1), f.kernel().padding());
        assertEquals(4 * 5 * 5, f.positions());
        assertEquals(relativeError(f.kernel(), exact, s), f.fitError(), 1e-6);
        assertTrue(f.fitError() < f.cropError());
    }

    @Test
    void groupedKernelsAndWrongSamplesAreRefused() {
        Random r = new Random(4);
        ConvKernel grouped = new ConvKernel(2, 2, 2, Hw.square(5), Hw.square(1), Padding.same(2), Hw.square(1),
                random(r, 2 * 25), null);
        KernelFit.Samples s = images(r, 2, 2, 6, 6);
        assertThrows(IllegalArgumentException.class, () -> KernelFit.fit(grouped, THREE, s, 1000, 0));
        ConvKernel exact = composed5x5(r);
        assertThrows(IllegalArgumentException.class, () -> KernelFit.fit(exact, THREE, images(r, 2, 3, 6, 6), 1000, 0));
        assertThrows(IllegalArgumentException.class, () -> KernelFit.fit(exact, Hw.square(2), s, 1000, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new KernelFit.Samples(new float[][] {new float[5]}, 2, 6, 6));
    }
}
