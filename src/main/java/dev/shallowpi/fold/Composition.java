package dev.shallowpi.fold;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The arithmetic of {@link Algebra#compose(ConvKernel, ConvKernel)}: the composed kernel
 * {@code W[o, c, t] = sum_m sum_{tap(u, v) = t} W2[o, m, v] * W1[m, c, u]} for kernels already written with the
 * same number of groups. Two ways to compute the same thing:
 * <ul>
 *   <li>{@link #byTaps}: the definition, one matrix product over the middle channels per pair of taps
 *   ({@code k1 * k2} products, 81 for 3x3 then 3x3);</li>
 *   <li>{@link #byEvaluation}: along each axis the composed kernel is the product of two polynomials
 *   (tap {@code u} of the first kernel is the power {@code step1*u/D}, tap {@code v} of the second the power
 *   {@code step2*v/D}); evaluated at {@code n} points per axis, it takes one matrix product per point
 *   ({@code n_h * n_w}: 25 for 3x3 then 3x3, 49 with a stride of 2 between them), then interpolation gives the
 *   coefficients back. Chebyshev points keep the interpolation well conditioned for the small kernels it is
 *   used on (the error stays near double rounding, far below float storage).</li>
 * </ul>
 * The matrix products are the whole cost of merging a network (ResNet-18's last blocks are 512x512x512 each),
 * which is why the second way exists.
 */
final class Composition {
    /** Largest number of points per axis for which evaluation is used; beyond it interpolation loses digits. */
    static final int MAX_POINTS = 7;
    /** Output channels per block of {@link #byEvaluation}'s products (they share reads of one matrix). */
    private static final int OUT_BLOCK = 8;

    private Composition() {
    }

    /** The composed geometry along one axis: the two kernels' steps in input pixels, the dilation and size. */
    static final class Axis {
        final int k1;
        final int k2;
        final int step1;
        final int step2;
        final int dilation;
        final int size;

        private Axis(int k1, int k2, int step1, int step2, int dilation, int size) {
            this.k1 = k1;
            this.k2 = k2;
            this.step1 = step1;
            this.step2 = step2;
            this.dilation = dilation;
            this.size = size;
        }

        /**
         * The first kernel ({@code k1} taps, stride {@code s1}, dilation {@code d1}) samples offsets
         * {@code d1*u}; seen through the second ({@code k2} taps, dilation {@code d2}) at offsets
         * {@code s1*d2*v}. The composed dilation is the gcd of the steps actually taken.
         */
        static Axis of(int k1, int s1, int d1, int k2, int d2) {
            int step1 = d1;
            int step2 = s1 * d2;
            int d = Algebra.gcd(k1 > 1 ? step1 : 0, k2 > 1 ? step2 : 0);
            if (d == 0) {
                d = 1;
            }
            int span = step1 * (k1 - 1) + step2 * (k2 - 1);
            return new Axis(k1, k2, step1 / d, step2 / d, d, span / d + 1);
        }

        /** Composed tap of first-kernel tap {@code u} and second-kernel tap {@code v}. */
        int tap(int u, int v) {
            return step1 * u + step2 * v;
        }
    }

    /** The shapes of one composition: {@code out} outputs in {@code groups} groups, per group midG and inG. */
    record Dims(int groups, int out, int midG, int inG, Axis h, Axis w) {
        int outG() {
            return out / groups;
        }

        int k1() {
            return h.k1 * w.k1;
        }

        int k2() {
            return h.k2 * w.k2;
        }

        int taps() {
            return h.size * w.size;
        }
    }

    /** Whether {@link #byEvaluation} needs fewer matrix products than {@link #byTaps} and stays accurate. */
    static boolean evaluationPays(Dims d) {
        return d.h.size <= MAX_POINTS && d.w.size <= MAX_POINTS && d.taps() < d.k1() * d.k2();
    }

    /** The definition: for each output channel and second-kernel tap, one row of a product over the middle. */
    static double[] byTaps(double[] w1, double[] w2, Dims d) {
        int k1 = d.k1();
        int k2 = d.k2();
        int kk = d.taps();
        int midG = d.midG();
        int inG = d.inG();
        int outG = d.outG();
        // target[v][u]: where tap u of the first kernel, seen through tap v of the second, lands
        int[][] target = new int[k2][k1];
        for (int v = 0; v < k2; v++) {
            for (int u = 0; u < k1; u++) {
                target[v][u] = d.h.tap(u / d.w.k1, v / d.w.k2) * d.w.size + d.w.tap(u % d.w.k1, v % d.w.k2);
            }
        }
        double[] w = new double[d.out() * inG * kk];
        int row = inG * k1;
        IntStream.range(0, d.out()).parallel().forEach(o -> {
            int group = o / outG;
            // acc[v][c, u] = sum_m W2[o, m, v] * W1[m, c, u]; all v at once, so each block of W1 rows is
            // read from memory once per output channel rather than once per tap
            double[][] acc = new double[k2][row];
            int[] offsets = new int[k2];
            for (int v = 0; v < k2; v++) {
                offsets[v] = o * midG * k2 + v;
            }
            blockProduct(w2, offsets, k2, w1, group * midG * row, row, midG, acc);
            int base = o * inG * kk;
            for (int v = 0; v < k2; v++) {
                int[] t = target[v];
                double[] a = acc[v];
                for (int c = 0; c < inG; c++) {
                    for (int u = 0; u < k1; u++) {
                        w[base + c * kk + t[u]] += a[c * k1 + u];
                    }
                }
            }
        });
        return w;
    }

    /** Evaluation at Chebyshev points, one product over the middle channels per point, then interpolation. */
    static double[] byEvaluation(double[] w1, double[] w2, Dims d) {
        int nh = d.h.size;
        int nw = d.w.size;
        double[] xh = chebyshev(nh);
        double[] xw = chebyshev(nw);
        double[][] ih = inverseVandermonde(xh);
        double[][] iw = inverseVandermonde(xw);
        int k1 = d.k1();
        int k2 = d.k2();
        int kk = d.taps();
        int midG = d.midG();
        int inG = d.inG();
        int outG = d.outG();
        int mid = midG * d.groups();
        double[] w = new double[d.out() * inG * kk];
        double[] e1 = new double[mid * inG];
        double[] e2 = new double[d.out() * midG];
        double[] c1 = new double[k1];
        double[] c2 = new double[k2];
        for (int i = 0; i < nh; i++) {
            for (int j = 0; j < nw; j++) {
                // Each tap becomes the monomial it stands for, evaluated at (xh[i], xw[j]).
                for (int u = 0; u < k1; u++) {
                    c1[u] = Math.pow(xh[i], d.h.tap(u / d.w.k1, 0)) * Math.pow(xw[j], d.w.tap(u % d.w.k1, 0));
                }
                for (int v = 0; v < k2; v++) {
                    c2[v] = Math.pow(xh[i], d.h.tap(0, v / d.w.k2)) * Math.pow(xw[j], d.w.tap(0, v % d.w.k2));
                }
                evaluate(w1, c1, e1);
                evaluate(w2, c2, e2);
                double[] hi = new double[nh];
                double[] wj = new double[nw];
                for (int t = 0; t < nh; t++) {
                    hi[t] = ih[t][i];
                }
                for (int t = 0; t < nw; t++) {
                    wj[t] = iw[t][j];
                }
                // blocks of output channels within one group, so that each block of rows of e1 is read
                // from memory once per block rather than once per output channel
                int blocksPerGroup = (outG + OUT_BLOCK - 1) / OUT_BLOCK;
                IntStream.range(0, d.groups() * blocksPerGroup).parallel().forEach(blk -> {
                    int group = blk / blocksPerGroup;
                    int o0 = group * outG + (blk % blocksPerGroup) * OUT_BLOCK;
                    int rows = Math.min(OUT_BLOCK, (group + 1) * outG - o0);
                    double[][] prod = new double[rows][inG];
                    int[] offsets = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        offsets[r] = (o0 + r) * midG;
                    }
                    blockProduct(e2, offsets, 1, e1, group * midG * inG, inG, midG, prod);
                    for (int r = 0; r < rows; r++) {
                        // interpolation: this point's share of every coefficient of every (o, c)
                        int base = (o0 + r) * inG * kk;
                        for (int c = 0; c < inG; c++) {
                            double p = prod[r][c];
                            int cb = base + c * kk;
                            for (int th = 0; th < nh; th++) {
                                double ph = hi[th] * p;
                                int rb = cb + th * nw;
                                for (int tw = 0; tw < nw; tw++) {
                                    w[rb + tw] += ph * wj[tw];
                                }
                            }
                        }
                    }
                });
            }
        }
        return w;
    }

    /** {@code out[r] = sum_t weights[r * taps + t] * coef[t]} for every row r (a kernel at one point). */
    private static void evaluate(double[] weights, double[] coef, double[] out) {
        int taps = coef.length;
        IntStream.range(0, out.length).parallel().forEach(r -> {
            double s = 0;
            int b = r * taps;
            for (int t = 0; t < taps; t++) {
                s += weights[b + t] * coef[t];
            }
            out[r] = s;
        });
    }

    /**
     * {@code acc[r] += sum_{m < rows} a[aOff[r] + m * aStride] * x[xOff + m * n .. + n]} for every r: rows of a
     * matrix product that share the rows of {@code x}. Eight rows of {@code x} per sweep (so each {@code acc[r]}
     * is loaded and stored an eighth as often), and all {@code r} per eight rows (so those rows are still in
     * cache when the next {@code r} needs them).
     */
    static void blockProduct(double[] a, int[] aOff, int aStride, double[] x, int xOff, int n, int rows,
                             double[][] acc) {
        int m = 0;
        for (; m + 8 <= rows; m += 8) {
            for (int r = 0; r < acc.length; r++) {
                axpy8(a, aOff[r] + m * aStride, aStride, x, xOff + m * n, n, acc[r]);
            }
        }
        for (; m < rows; m++) {
            for (int r = 0; r < acc.length; r++) {
                double c = a[aOff[r] + m * aStride];
                if (c != 0) {
                    Algebra.axpy(c, x, xOff + m * n, acc[r], 0, n);
                }
            }
        }
    }

    private static void axpy8(double[] a, int aOff, int aStride, double[] x, int off, int n, double[] y) {
        double a0 = a[aOff];
        double a1 = a[aOff + aStride];
        double a2 = a[aOff + 2 * aStride];
        double a3 = a[aOff + 3 * aStride];
        double a4 = a[aOff + 4 * aStride];
        double a5 = a[aOff + 5 * aStride];
        double a6 = a[aOff + 6 * aStride];
        double a7 = a[aOff + 7 * aStride];
        int o1 = off + n;
        int o2 = off + 2 * n;
        int o3 = off + 3 * n;
        int o4 = off + 4 * n;
        int o5 = off + 5 * n;
        int o6 = off + 6 * n;
        int o7 = off + 7 * n;
        for (int i = 0; i < n; i++) {
            y[i] += a0 * x[off + i] + a1 * x[o1 + i] + a2 * x[o2 + i] + a3 * x[o3 + i]
                    + a4 * x[o4 + i] + a5 * x[o5 + i] + a6 * x[o6 + i] + a7 * x[o7 + i];
        }
    }

    /** The {@code n} Chebyshev points of the first kind in (-1, 1). */
    static double[] chebyshev(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(Math.PI * (2 * i + 1) / (2.0 * n));
        }
        return x;
    }

    /**
     * {@code inv} with {@code coef[t] = sum_i inv[t][i] * value[i]} for the polynomial of degree
     * {@code n - 1} taking {@code value[i]} at {@code x[i]}: the inverse of {@code V[i][t] = x[i]^t}, by
     * Gauss-Jordan elimination with partial pivoting (n is at most {@link #MAX_POINTS}).
     */
    static double[][] inverseVandermonde(double[] x) {
        int n = x.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < n; t++) {
                a[i][t] = Math.pow(x[i], t);
            }
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double p = a[col][col];
            for (int t = 0; t < 2 * n; t++) {
                a[col][t] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int t = 0; t < 2 * n; t++) {
                        a[r][t] -= f * a[col][t];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int t = 0; t < n; t++) {
            System.arraycopy(a[t], n, inv[t], 0, n);
        }
        return inv;
    }
}
