package dev.shallowpi.fold;

import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;

import java.util.Random;

/**
 * Data-aware shallow kernels: the {@code k x k} conv, with the stride and padding of the centre crop
 * ({@link Algebra#cropCentre}), whose output is closest in least squares to an exact composed conv's output on
 * sample inputs, each output channel and its bias fitted on its own. The centre crop keeps the composed kernel's
 * inner taps and drops the rest; this fit lets the inner taps take over what the dropped outer ones did, as far as
 * the inputs' correlations allow (a crop is the fit only when neighbouring input pixels are uncorrelated).
 *
 * <p>Normal equations over the sample positions: {@code (A + lambda I) w = r + lambda w_crop} with
 * {@code A = sum p p^T}, {@code r = sum p y}, {@code p} the inner patch with a 1 appended for the bias and
 * {@code y} the exact conv's output. The small ridge, {@code lambda = 1e-6 * trace(A) / dim}, pulls directions the
 * data never excites (a dead input channel) to the crop instead of to noise; where the data determines the fit it
 * changes little (a kernel the fit can represent exactly comes back to 1e-6 in KernelFitTest). Only dense, undilated
 * kernels are fitted.
 */
public final class KernelFit {
    private static final double RIDGE = 1e-6;

    private KernelFit() {
    }

    /** Inputs of the conv: each image {@code [C, H, W]} flattened, all of one size. */
    public record Samples(float[][] images, int channels, int height, int width) {
        public Samples {
            if (images.length == 0) {
                throw new IllegalArgumentException("a kernel fit needs at least one sample image");
            }
            for (float[] im : images) {
                if (im.length != channels * height * width) {
                    throw new IllegalArgumentException("sample of " + im.length + " values where " + channels + "x"
                            + height + "x" + width + " was expected");
                }
            }
        }
    }

    /**
     * The fitted kernel, and the relative squared errors (residual over the output's variance, summed over
     * channels) of the fit and of the centre crop on the sample positions used.
     */
    public record Fitted(ConvKernel kernel, double fitError, double cropError, int positions) {
    }

    /** Whether {@link #fit} can fit this kernel at all (dense and undilated). */
    public static boolean fits(ConvKernel exact) {
        return exact.groups() == 1 && exact.dilation().h() == 1 && exact.dilation().w() == 1;
    }

    /**
     * Fits a {@code to}-sized kernel to {@code exact} on at most {@code maxPositions} output positions of the
     * samples, drawn at random with {@code seed} when there are more.
     */
    public static Fitted fit(ConvKernel exact, Hw to, Samples samples, int maxPositions, long seed) {
        return fit(exact, to, samples, null, maxPositions, seed);
    }

    /**
     * Fits a {@code to}-sized kernel, with the centre crop's geometry, to given outputs instead of the exact conv's:
     * {@code targets[n]} is image n's output {@code [C_out, H_out, W_out]} flattened, where {@code exact} would
     * put it (e.g. what the layers the conv replaces computed, nonlinearities included). The crop of {@code exact}
     * remains the prior and the comparison.
     */
    public static Fitted fitTo(ConvKernel exact, Hw to, Samples samples, float[][] targets, int maxPositions,
                               long seed) {
        if (targets.length != samples.images().length) {
            throw new IllegalArgumentException(targets.length + " targets for " + samples.images().length
                    + " sample images");
        }
        return fit(exact, to, samples, targets, maxPositions, seed);
    }

    private static Fitted fit(ConvKernel exact, Hw to, Samples samples, float[][] targets, int maxPositions,
                              long seed) {
        ConvKernel crop = Algebra.cropCentre(exact, to); // checks that the crop's geometry exists
        if (!fits(exact)) {
            throw new IllegalArgumentException("a kernel fit needs a dense undilated kernel, got " + exact.describe());
        }
        if (samples.channels() != exact.inChannels()) {
            throw new IllegalArgumentException("samples have " + samples.channels() + " channels, the kernel reads "
                    + exact.inChannels());
        }
        int ho = exact.outputSize(samples.height(), true);
        int wo = exact.outputSize(samples.width(), false);
        if (ho <= 0 || wo <= 0) {
            throw new IllegalArgumentException("the kernel leaves no output on " + samples.height() + "x"
                    + samples.width() + " samples");
        }
        if (targets != null) {
            for (float[] t : targets) {
                if (t.length != exact.outChannels() * ho * wo) {
                    throw new IllegalArgumentException("target of " + t.length + " values where "
                            + exact.outChannels() + "x" + ho + "x" + wo + " was expected");
                }
            }
        }
        Normal eq = new Normal(exact, to, samples, targets, ho, wo);
        long total = (long) samples.images().length * ho * wo;
        if (total <= maxPositions) {
            for (int n = 0; n < samples.images().length; n++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        eq.add(n, i, j);
                    }
                }
            }
        } else {
            Random r = new Random(seed);
            for (int k = 0; k < maxPositions; k++) {
                long at = (long) (r.nextDouble() * total);
                eq.add((int) (at / ((long) ho * wo)), (int) (at / wo % ho), (int) (at % wo));
            }
        }
        double[] cropW = withBias(crop);
        double[] fitW = eq.solve(cropW);
        int d = eq.dim;
        int out = exact.outChannels();
        double[] weight = new double[out * (d - 1)];
        double[] bias = new double[out];
        for (int o = 0; o < out; o++) {
            System.arraycopy(fitW, o * d, weight, o * (d - 1), d - 1);
            bias[o] = fitW[o * d + d - 1];
        }
        ConvKernel fitted = ConvKernel.wrap(out, exact.inChannels(), 1, to, exact.stride(), crop.padding(),
                exact.dilation(), weight, bias);
        return new Fitted(fitted, eq.relativeError(fitW), eq.relativeError(cropW), eq.positions);
    }

    /** Per output channel, the kernel's inner weights then its bias: the layout the normal equations solve for. */
    private static double[] withBias(ConvKernel k) {
        int d = k.inChannels() * k.size().h() * k.size().w() + 1;
        double[] w = k.weight();
        double[] b = k.biasOrZeros();
        double[] out = new double[k.outChannels() * d];
        for (int o = 0; o < k.outChannels(); o++) {
            System.arraycopy(w, o * (d - 1), out, o * d, d - 1);
            out[o * d + d - 1] = b[o];
        }
        return out;
    }

    /** The normal equations, accumulated one output position at a time. */
    private static final class Normal {
        private final ConvKernel exact;
        private final Samples samples;
        /** Outputs to fit, per image; null: the exact conv's. */
        private final float[][] targets;
        private final int ho;
        private final int wo;
        private final int kh;
        private final int kw;
        private final int cy;
        private final int cx;
        private final int th;
        private final int tw;
        /** Inner-patch size plus one (the bias). */
        final int dim;
        private final int big;
        private final int out;
        /** The exact kernel by tap then output channel, so that zero inputs are skipped whole. */
        private final double[] byTap;
        private final double[] exactBias;
        private final double[] a;
        private final double[] r;
        private final double[] yy;
        private final double[] patch;
        private final double[] inner;
        private final double[] y;
        int positions;

        Normal(ConvKernel exact, Hw to, Samples samples, float[][] targets, int ho, int wo) {
            this.exact = exact;
            this.samples = samples;
            this.targets = targets;
            this.ho = ho;
            this.wo = wo;
            this.kh = exact.size().h();
            this.kw = exact.size().w();
            this.th = to.h();
            this.tw = to.w();
            this.cy = (kh - th) / 2;
            this.cx = (kw - tw) / 2;
            int c = exact.inChannels();
            this.dim = c * th * tw + 1;
            this.big = c * kh * kw;
            this.out = exact.outChannels();
            double[] w = exact.weight();
            this.byTap = new double[big * out];
            for (int o = 0; o < out; o++) {
                for (int t = 0; t < big; t++) {
                    byTap[t * out + o] = w[o * big + t];
                }
            }
            this.exactBias = exact.biasOrZeros();
            this.a = new double[dim * dim];
            this.r = new double[dim * out];
            this.yy = new double[out];
            this.patch = new double[big];
            this.inner = new double[dim];
            this.y = new double[out];
        }

        void add(int n, int i, int j) {
            float[] im = samples.images()[n];
            int h = samples.height();
            int w = samples.width();
            Padding p = exact.padding();
            int y0 = i * exact.stride().h() - p.top();
            int x0 = j * exact.stride().w() - p.left();
            int c = exact.inChannels();
            for (int ch = 0; ch < c; ch++) {
                for (int u = 0; u < kh; u++) {
                    int yy0 = y0 + u;
                    for (int v = 0; v < kw; v++) {
                        int xx = x0 + v;
                        patch[(ch * kh + u) * kw + v] = yy0 < 0 || yy0 >= h || xx < 0 || xx >= w ? 0
                                : im[(ch * h + yy0) * w + xx];
                    }
                }
                for (int u = 0; u < th; u++) {
                    System.arraycopy(patch, (ch * kh + u + cy) * kw + cx, inner, (ch * th + u) * tw, tw);
                }
            }
            inner[dim - 1] = 1;
            if (targets != null) {
                float[] t = targets[n];
                for (int o = 0; o < out; o++) {
                    y[o] = t[(o * ho + i) * wo + j];
                }
            } else {
                System.arraycopy(exactBias, 0, y, 0, out);
                for (int t = 0; t < big; t++) {
                    double v = patch[t];
                    if (v != 0) {
                        int base = t * out;
                        for (int o = 0; o < out; o++) {
                            y[o] += v * byTap[base + o];
                        }
                    }
                }
            }
            for (int s = 0; s < dim; s++) {
                double v = inner[s];
                if (v == 0) {
                    continue;
                }
                int row = s * dim;
                for (int t = s; t < dim; t++) {
                    a[row + t] += v * inner[t];
                }
                int rRow = s * out;
                for (int o = 0; o < out; o++) {
                    r[rRow + o] += v * y[o];
                }
            }
            for (int o = 0; o < out; o++) {
                yy[o] += y[o] * y[o];
            }
            positions++;
        }

        /** Solves for every output channel at once: Cholesky of {@code A + lambda I}, then one solve per channel. */
        double[] solve(double[] prior) {
            double[] m = new double[dim * dim];
            double trace = 0;
            for (int s = 0; s < dim; s++) {
                trace += a[s * dim + s];
            }
            double lambda = Math.max(RIDGE * trace / dim, 1e-12);
            for (int s = 0; s < dim; s++) {
                for (int t = s; t < dim; t++) {
                    m[s * dim + t] = a[s * dim + t];
                    m[t * dim + s] = a[s * dim + t];
                }
                m[s * dim + s] += lambda;
            }
            cholesky(m, dim);
            double[] sol = new double[out * dim];
            double[] rhs = new double[dim];
            for (int o = 0; o < out; o++) {
                for (int s = 0; s < dim; s++) {
                    rhs[s] = r[s * out + o] + lambda * prior[o * dim + s];
                }
                choleskySolve(m, dim, rhs);
                System.arraycopy(rhs, 0, sol, o * dim, dim);
            }
            return sol;
        }

        /**
         * {@code sum_o |P w_o - y_o|^2 / sum_o |y_o - mean(y_o)|^2} from the accumulated sums alone: the residual is
         * {@code w^T A w - 2 w^T r + y^T y}.
         */
        double relativeError(double[] w) {
            double residual = 0;
            double variance = 0;
            for (int o = 0; o < out; o++) {
                double quad = 0;
                double lin = 0;
                for (int s = 0; s < dim; s++) {
                    double ws = w[o * dim + s];
                    if (ws == 0) {
                        continue;
                    }
                    lin += ws * r[s * out + o];
                    double row = a[s * dim + s] * ws;
                    for (int t = s + 1; t < dim; t++) {
                        row += 2 * a[s * dim + t] * w[o * dim + t];
                    }
                    quad += ws * row;
                }
                residual += Math.max(0, quad - 2 * lin + yy[o]);
                double sum = r[(dim - 1) * out + o]; // the bias feature is 1: this row sums y
                variance += yy[o] - sum * sum / positions;
            }
            return variance > 0 ? residual / variance : (residual > 0 ? Double.POSITIVE_INFINITY : 0);
        }
    }

    /** In-place lower Cholesky factor of a symmetric positive definite matrix (row-major, n x n). */
    static void cholesky(double[] m, int n) {
        for (int j = 0; j < n; j++) {
            double d = m[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= m[j * n + k] * m[j * n + k];
            }
            if (!(d > 0)) {
                throw new ArithmeticException("kernel fit: normal equations not positive definite at " + j);
            }
            double l = Math.sqrt(d);
            m[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = m[i * n + j];
                int ri = i * n;
                int rj = j * n;
                for (int k = 0; k < j; k++) {
                    s -= m[ri + k] * m[rj + k];
                }
                m[i * n + j] = s / l;
            }
        }
    }

    /** Solves {@code L L^T x = b} in place with the factor from {@link #cholesky}. */
    static void choleskySolve(double[] l, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * n + k] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k * n + i] * b[k];
            }
            b[i] = s / l[i * n + i];
        }
    }
}
