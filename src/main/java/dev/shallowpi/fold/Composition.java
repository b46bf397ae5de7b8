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
    private static final int OUT_BLOCK = 16;

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
        double[][][] w1Rows = new double[d.groups()][][];
        for (int g = 0; g < d.groups(); g++) {
            w1Rows[g] = rows(w1, g * midG, midG, row);
        }
        IntStream.range(0, d.out()).parallel().forEach(o -> {
            int group = o / outG;
            // acc[v][c, u] = sum_m W2[o, m, v] * W1[m, c, u]; all v at once, so each block of W1 rows is
            // read from memory once per output channel rather than once per tap
            double[][] acc = new double[k2][row];
            int[] offsets = new int[k2];
            for (int v = 0; v < k2; v++) {
                offsets[v] = o * midG * k2 + v;
            }
            blockProduct(w2, offsets, k2, w1Rows[group], row, acc);
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

    /**
     * Evaluation at Chebyshev points, one product over the middle channels per point (all products kept:
     * {@code n_h * n_w} maps of {@code out x inG}), then interpolation one axis after the other.
     */
    static double[] byEvaluation(double[] w1, double[] w2, Dims d) {
        int nh = d.h.size;
        int nw = d.w.size;
        double[] xh = chebyshev(nh);
        double[] xw = chebyshev(nw);
        int k1 = d.k1();
        int k2 = d.k2();
        int midG = d.midG();
        int inG = d.inG();
        int outG = d.outG();
        int out = d.out();
        double[][] products = new double[nh * nw][];
        double[] e1 = new double[midG * d.groups() * inG];
        double[] e2 = new double[out * midG];
        double[] c1 = new double[k1];
        double[] c2 = new double[k2];
        int blocksPerGroup = (outG + OUT_BLOCK - 1) / OUT_BLOCK;
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
                double[][][] e1Rows = new double[d.groups()][][];
                for (int g = 0; g < d.groups(); g++) {
                    e1Rows[g] = rows(e1, g * midG, midG, inG);
                }
                double[] prod = new double[out * inG];
                products[i * nw + j] = prod;
                // blocks of output channels within one group share the reads of e1
                IntStream.range(0, d.groups() * blocksPerGroup).parallel().forEach(blk -> {
                    int group = blk / blocksPerGroup;
                    int o0 = group * outG + (blk % blocksPerGroup) * OUT_BLOCK;
                    int rows = Math.min(OUT_BLOCK, (group + 1) * outG - o0);
                    double[][] acc = new double[rows][inG];
                    int[] offsets = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        offsets[r] = (o0 + r) * midG;
                    }
                    blockProduct(e2, offsets, 1, e1Rows[group], inG, acc);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(acc[r], 0, prod, (o0 + r) * inG, inG);
                    }
                });
            }
        }
        double[][] ih = inverseVandermonde(xh);
        double[][] iw = inverseVandermonde(xw);
        int kk = d.taps();
        double[] w = new double[out * inG * kk];
        IntStream.range(0, out).parallel().forEach(o -> {
            double[] partial = new double[nh * nw];
            for (int c = 0; c < inG; c++) {
                int at = o * inG + c;
                // along the width: partial[i][tw] = sum_j iw[tw][j] * value(i, j)
                for (int i = 0; i < nh; i++) {
                    for (int tw = 0; tw < nw; tw++) {
                        double s = 0;
                        for (int j = 0; j < nw; j++) {
                            s += iw[tw][j] * products[i * nw + j][at];
                        }
                        partial[i * nw + tw] = s;
                    }
                }
                // along the height: W[th][tw] = sum_i ih[th][i] * partial[i][tw]
                int base = at * kk;
                for (int th = 0; th < nh; th++) {
                    for (int tw = 0; tw < nw; tw++) {
                        double s = 0;
                        for (int i = 0; i < nh; i++) {
                            s += ih[th][i] * partial[i * nw + tw];
                        }
                        w[base + th * nw + tw] = s;
                    }
                }
            }
        });
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

    /** Columns per sweep of {@link #blockProduct}: its rows of {@code x} and {@code acc} stay in cache. */
    private static final int COLUMNS = 256;

    /**
     * {@code acc[r][j] += sum_{m < x.length} a[aOff[r] + m * aStride] * x[m][j]} for every r and {@code j < n}:
     * rows of a matrix product that share the rows {@code x}. The whole cost of merging a network is in this
     * loop, so it is shaped for HotSpot's vectoriser. Measured on JDK 17, it vectorises a loop that stores to one
     * array and reads at most five others, all indexed by the loop variable alone, and runs anything else (two
     * stored arrays, more arrays, or rows of one array at offsets) scalar, three to six times slower. Hence one
     * accumulator row and four separate rows of {@code x} per loop, over {@link #COLUMNS} columns at a time so
     * that the four rows stay in cache while every accumulator row takes its turn.
     */
    static void blockProduct(double[] a, int[] aOff, int aStride, double[][] x, int n, double[][] acc) {
        int rows = x.length;
        int accRows = acc.length;
        for (int c0 = 0; c0 < n; c0 += COLUMNS) {
            int c1 = Math.min(n, c0 + COLUMNS);
            int m = 0;
            for (; m + 4 <= rows; m += 4) {
                double[] x0 = x[m];
                double[] x1 = x[m + 1];
                double[] x2 = x[m + 2];
                double[] x3 = x[m + 3];
                for (int r = 0; r < accRows; r++) {
                    int p = aOff[r] + m * aStride;
                    rows1x4(acc[r], x0, x1, x2, x3, a[p], a[p + aStride], a[p + 2 * aStride], a[p + 3 * aStride],
                            c0, c1);
                }
            }
            for (; m < rows; m++) {
                double[] xm = x[m];
                for (int r = 0; r < accRows; r++) {
                    double c = a[aOff[r] + m * aStride];
                    double[] y = acc[r];
                    for (int i = c0; i < c1; i++) {
                        y[i] += c * xm[i];
                    }
                }
            }
        }
    }

    private static void rows1x4(double[] y, double[] x0, double[] x1, double[] x2, double[] x3, double a0,
                                double a1, double a2, double a3, int c0, int c1) {
        for (int i = c0; i < c1; i++) {
            y[i] += a0 * x0[i] + a1 * x1[i] + a2 * x2[i] + a3 * x3[i];
        }
    }

    /** Rows {@code first .. first + count - 1} of a row-major matrix with {@code n} columns, as separate arrays. */
    static double[][] rows(double[] flat, int first, int count, int n) {
        double[][] r = new double[count][];
        for (int i = 0; i < count; i++) {
            r[i] = Arrays.copyOfRange(flat, (first + i) * n, (first + i + 1) * n);
        }
        return r;
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
