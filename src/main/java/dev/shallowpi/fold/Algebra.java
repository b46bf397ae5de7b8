package dev.shallowpi.fold;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;

import java.util.stream.IntStream;

/**
 * The exact algebra of linear layers, as small pure functions in double precision (REFERENCE.md section 2):
 * BatchNorm folding, composition of two convs or two linear layers, shortcut folding, centre cropping and the
 * merge-ready form of a conv pair. Every function either returns a layer that computes exactly what its
 * arguments computed, borders included, or throws {@link NotExactException} saying why it cannot.
 */
public final class Algebra {
    private Algebra() {
    }

    /** Per-channel scale {@code gamma / sqrt(var + eps)} of an inference-mode BN, eps read from the layer. */
    static double[] bnScale(BatchNorm bn) {
        double[] s = new double[bn.channels()];
        for (int c = 0; c < s.length; c++) {
            s[c] = bn.gamma().get(c) / Math.sqrt((double) bn.runningVar().get(c) + bn.eps());
        }
        return s;
    }

    /** {@code W' = W * s}, {@code b' = (b - mean) * s + beta} per output channel, {@code s} from {@link #bnScale}. */
    public static ConvKernel foldBatchNorm(ConvKernel conv, BatchNorm bn) {
        double[] s = bnScaleFor(bn, conv.outChannels(), "the conv");
        double[] w = conv.weight();
        scaleRows(w, s, w.length / conv.outChannels());
        return conv.with(w, foldedBias(conv.biasOrZeros(), bn, s), conv.padding());
    }

    /** The same fold for a fully connected layer followed by a BN over its features. */
    public static LinearMap foldBatchNorm(LinearMap linear, BatchNorm bn) {
        double[] s = bnScaleFor(bn, linear.outFeatures(), "the linear layer");
        double[] w = linear.weight();
        scaleRows(w, s, linear.inFeatures());
        double[] b = linear.bias() == null ? new double[linear.outFeatures()] : linear.bias();
        return new LinearMap(linear.outFeatures(), linear.inFeatures(), w, foldedBias(b, bn, s));
    }

    /** {@link #bnScale}, once the BN is known to have a channel for each of the layer's {@code outputs}. */
    private static double[] bnScaleFor(BatchNorm bn, int outputs, String layer) {
        if (bn.channels() != outputs) {
            throw new IllegalArgumentException("batch norm has " + bn.channels() + " channels, " + layer + " "
                    + outputs + " outputs");
        }
        return bnScale(bn);
    }

    /** Multiplies each output row of a row-major weight ({@code per} values) by its channel's scale, in place. */
    private static void scaleRows(double[] w, double[] s, int per) {
        for (int i = 0; i < w.length; i++) {
            w[i] *= s[i / per];
        }
    }

    private static double[] foldedBias(double[] b, BatchNorm bn, double[] s) {
        double[] out = new double[b.length];
        for (int c = 0; c < b.length; c++) {
            out[c] = (b[c] - bn.runningMean().get(c)) * s[c] + bn.beta().get(c);
        }
        return out;
    }

    /** {@code second(first(x)) = W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)}. */
    public static LinearMap compose(LinearMap first, LinearMap second) {
        int in = first.inFeatures();
        int mid = first.outFeatures();
        int out = second.outFeatures();
        if (second.inFeatures() != mid) {
            throw new IllegalArgumentException("cannot compose " + in + "->" + mid + " with " + second.inFeatures()
                    + "->" + out);
        }
        double[] w1 = first.weight();
        double[] w2 = second.weight();
        double[] w = new double[out * in];
        IntStream.range(0, out).parallel().forEach(o -> {
            for (int m = 0; m < mid; m++) {
                double a = w2[o * mid + m];
                if (a != 0) {
                    axpy(a, w1, m * in, w, o * in, in);
                }
            }
        });
        double[] b = null;
        if (first.bias() != null || second.bias() != null) {
            double[] b1 = first.bias() == null ? new double[mid] : first.bias();
            b = second.bias() == null ? new double[out] : second.bias();
            for (int o = 0; o < out; o++) {
                for (int m = 0; m < mid; m++) {
                    b[o] += w2[o * mid + m] * b1[m];
                }
            }
        }
        return new LinearMap(out, in, w, b);
    }

    /**
     * One conv equal to {@code second(first(x))}. Along each axis the pair samples the input at offsets
     * {@code d1*u + s1*d2*v} ({@code u}, {@code v} the taps of the two kernels): the composed kernel is the sum,
     * over the middle channels, of every tap product placed at that offset. It is written with dilation
     * {@code D} = the gcd of the offsets' steps (1 in the usual case), so it has
     * {@code (d1*(k1-1) + s1*d2*(k2-1)) / D + 1} taps, stride {@code s1*s2} and the first conv's padding.
     * Grouped parts are rewritten with the gcd of their group counts (block-diagonally) before composing, so
     * two parts grouped alike (e.g. depthwise then depthwise) stay grouped.
     *
     * <p>Exact at the border only when the second conv has no padding: the pair zero-pads the intermediate map
     * (after {@code b1} was added), which no single conv reproduces. Move the padding to the first conv first
     * ({@link #mergeReady}); here a padded second conv is refused.
     */
    public static ConvKernel compose(ConvKernel first, ConvKernel second) {
        return compose(first, second, null);
    }

    /**
     * {@link #compose(ConvKernel, ConvKernel)} with the arithmetic chosen: {@code byEvaluation} true or false
     * forces one of {@link Composition}'s two ways (for tests), {@code null} takes the cheaper.
     */
    static ConvKernel compose(ConvKernel first, ConvKernel second, Boolean byEvaluation) {
        if (second.inChannels() != first.outChannels()) {
            throw new IllegalArgumentException("cannot compose a conv with " + first.outChannels()
                    + " outputs with one reading " + second.inChannels() + " channels");
        }
        if (!second.padding().equals(Padding.NONE)) {
            throw new NotExactException("the second conv has padding " + second.padding()
                    + ", so the pair zero-pads its intermediate map, which one conv cannot reproduce at the border;"
                    + " only the merge-ready form (all padding on the first conv) merges exactly");
        }
        Composition.Axis ah = Composition.Axis.of(first.size().h(), first.stride().h(), first.dilation().h(),
                second.size().h(), second.dilation().h());
        Composition.Axis aw = Composition.Axis.of(first.size().w(), first.stride().w(), first.dilation().w(),
                second.size().w(), second.dilation().w());
        int g = gcd(first.groups(), second.groups());
        ConvKernel a = first.withGroups(g);
        ConvKernel b = second.withGroups(g);
        int out = b.outChannels();
        int in = a.inChannels();
        Composition.Dims dims = new Composition.Dims(g, out, b.inPerGroup(), a.inPerGroup(), ah, aw);
        boolean evaluate = byEvaluation != null ? byEvaluation : Composition.evaluationPays(dims);
        double[] w = evaluate ? Composition.byEvaluation(a.weightView(), b.weightView(), dims)
                : Composition.byTaps(a.weightView(), b.weightView(), dims);
        double[] bias = null;
        if (a.bias() != null || b.bias() != null) {
            // b2[o] + sum_m (sum_v W2[o, m, v]) * b1[m]: the first bias is constant, so every tap sees it
            double[] w2 = b.weightView();
            double[] b1 = a.biasOrZeros();
            int k2 = b.size().h() * b.size().w();
            int midG = b.inPerGroup();
            int outG = out / g;
            bias = b.biasOrZeros();
            for (int o = 0; o < out; o++) {
                int group = o / outG;
                for (int mi = 0; mi < midG; mi++) {
                    double sum = 0;
                    for (int v = 0; v < k2; v++) {
                        sum += w2[(o * midG + mi) * k2 + v];
                    }
                    bias[o] += sum * b1[group * midG + mi];
                }
            }
        }
        return ConvKernel.wrap(out, in, g, new Hw(ah.size, aw.size),
                new Hw(first.stride().h() * second.stride().h(), first.stride().w() * second.stride().w()),
                first.padding(), new Hw(ah.dilation, aw.dilation), w, bias);
    }

    /**
     * A residual join {@code main(x) + shortcut(x)} as one conv, when both read the same {@code x}: the
     * shortcut's taps are added to the main kernel's taps that sample the same input positions. That needs equal
     * strides, equal output sizes (padding minus span alike), and every shortcut tap to coincide with a main
     * tap: the shortcut's tap {@code t'} reads offset {@code ds*t' - Ps}, the main tap {@code t} reads
     * {@code D*t - P}. For a 1x1 shortcut without padding under a kernel with symmetric padding {@code (K-1)/2}
     * this is the centre tap.
     */
    public static ConvKernel foldShortcut(ConvKernel main, ConvKernel shortcut) {
        if (main.outChannels() != shortcut.outChannels() || main.inChannels() != shortcut.inChannels()) {
            throw new IllegalArgumentException("shortcut " + shortcut.describe() + " and main conv "
                    + main.describe() + " differ in channels");
        }
        if (!main.stride().equals(shortcut.stride())) {
            throw new NotExactException("the shortcut has stride " + shortcut.stride() + ", the merged conv "
                    + main.stride());
        }
        int mainRows = extent(main.padding().top() + main.padding().bottom(), main.size().h(), main.dilation().h());
        int mainCols = extent(main.padding().left() + main.padding().right(), main.size().w(), main.dilation().w());
        int scRows = extent(shortcut.padding().top() + shortcut.padding().bottom(), shortcut.size().h(),
                shortcut.dilation().h());
        int scCols = extent(shortcut.padding().left() + shortcut.padding().right(), shortcut.size().w(),
                shortcut.dilation().w());
        if (mainRows != scRows || mainCols != scCols) {
            throw new NotExactException("the shortcut (" + shortcut.describe() + ") and the merged conv ("
                    + main.describe() + ") do not produce the same output size for every input size");
        }
        int[] th = alignedTaps(main.size().h(), main.dilation().h(), main.padding().top(), shortcut.size().h(),
                shortcut.dilation().h(), shortcut.padding().top(), "rows");
        int[] tw = alignedTaps(main.size().w(), main.dilation().w(), main.padding().left(), shortcut.size().w(),
                shortcut.dilation().w(), shortcut.padding().left(), "columns");
        int g = gcd(main.groups(), shortcut.groups());
        ConvKernel m = main.withGroups(g);
        ConvKernel s = shortcut.withGroups(g);
        double[] w = m.weight();
        double[] sw = s.weightView();
        int inG = m.inPerGroup();
        int kh = m.size().h();
        int kw = m.size().w();
        int sh = s.size().h();
        int swd = s.size().w();
        for (int o = 0; o < m.outChannels(); o++) {
            for (int c = 0; c < inG; c++) {
                for (int y = 0; y < sh; y++) {
                    for (int x = 0; x < swd; x++) {
                        w[((o * inG + c) * kh + th[y]) * kw + tw[x]] += sw[((o * inG + c) * sh + y) * swd + x];
                    }
                }
            }
        }
        double[] bias = null;
        if (m.bias() != null || s.bias() != null) {
            bias = m.biasOrZeros();
            double[] sb = s.biasOrZeros();
            for (int o = 0; o < bias.length; o++) {
                bias[o] += sb[o];
            }
        }
        return m.with(w, bias, m.padding());
    }

    /** Padding minus the kernel's span: with equal strides, equal extents give equal output sizes. */
    private static int extent(int padding, int k, int d) {
        return padding - d * (k - 1);
    }

    /** {@code main(x) + x}: an identity shortcut is the depthwise 1x1 conv with weight 1. */
    public static ConvKernel foldIdentity(ConvKernel main) {
        if (main.inChannels() != main.outChannels()) {
            throw new IllegalArgumentException("an identity shortcut needs as many outputs as inputs, the conv has "
                    + main.describe());
        }
        return foldShortcut(main, identity(main.inChannels()));
    }

    /** The conv that returns its input: depthwise, 1x1, stride 1, weight 1, no bias. */
    public static ConvKernel identity(int channels) {
        double[] w = new double[channels];
        java.util.Arrays.fill(w, 1.0);
        return new ConvKernel(channels, channels, channels, Hw.square(1), Hw.square(1), Padding.NONE, Hw.square(1), w,
                null);
    }

    /**
     * Main-kernel tap index for each shortcut tap along one axis, or {@link NotExactException}. Equal output
     * sizes are the caller's to ensure (in a graph, the add's shape check does).
     */
    private static int[] alignedTaps(int k, int d, int padBefore, int ks, int ds, int psBefore, String axis) {
        int[] taps = new int[ks];
        for (int t = 0; t < ks; t++) {
            int offset = padBefore - psBefore + ds * t;
            if (offset % d != 0 || offset / d < 0 || offset / d >= k) {
                throw new NotExactException("along the " + axis + " the shortcut's tap " + t + " reads input offset "
                        + (ds * t - psBefore) + ", which is no tap of the merged " + k + "-tap kernel (dilation " + d
                        + ", padding " + padBefore + ")");
            }
            taps[t] = offset / d;
        }
        return taps;
    }

    /**
     * The centre {@code k x k} of a kernel, with the padding reduced so that every output pixel stays where it
     * was: the starting point of a shallow kernel (trained, not exact). The crop must be centred
     * ({@code K - k} even) and leave no padding negative.
     */
    public static ConvKernel cropCentre(ConvKernel kernel, Hw to) {
        int kh = kernel.size().h();
        int kw = kernel.size().w();
        if (to.h() > kh || to.w() > kw || (kh - to.h()) % 2 != 0 || (kw - to.w()) % 2 != 0) {
            throw new IllegalArgumentException("cannot crop a " + kh + "x" + kw + " kernel to its centre " + to.h()
                    + "x" + to.w() + " (the crop must be smaller by an even number of taps)");
        }
        int cy = (kh - to.h()) / 2;
        int cx = (kw - to.w()) / 2;
        int dy = cy * kernel.dilation().h();
        int dx = cx * kernel.dilation().w();
        Padding p = kernel.padding();
        if (p.top() < dy || p.bottom() < dy || p.left() < dx || p.right() < dx) {
            throw new IllegalArgumentException("cropping " + kh + "x" + kw + " to " + to.h() + "x" + to.w()
                    + " keeps the output pixels in place only with at least " + dy + " rows and " + dx
                    + " columns of padding on each side; the kernel has " + p);
        }
        double[] w = kernel.weight();
        int planes = kernel.outChannels() * kernel.inPerGroup();
        double[] out = new double[planes * to.h() * to.w()];
        for (int pl = 0; pl < planes; pl++) {
            for (int y = 0; y < to.h(); y++) {
                System.arraycopy(w, (pl * kh + y + cy) * kw + cx, out, (pl * to.h() + y) * to.w(), to.w());
            }
        }
        return new ConvKernel(kernel.outChannels(), kernel.inChannels(), kernel.groups(), to, kernel.stride(),
                new Padding(p.top() - dy, p.left() - dx, p.bottom() - dy, p.right() - dx), kernel.dilation(), out,
                kernel.bias());
    }

    /** A conv pair: what {@link #mergeReady} returns. */
    public record Pair(ConvKernel first, ConvKernel second) {
    }

    /**
     * The merge-ready form of a conv pair: the second conv's padding moved to the first, scaled by its stride
     * ({@code P1 + s1*P2} on each side), the second unpadded. The first conv then computes the extra border
     * rows the second used to read as zeros, so the new pair equals the old one in the interior only (where the
     * old pair never read padding) and has the same output size; unlike the old one it merges exactly with
     * {@link #compose}.
     */
    public static Pair mergeReady(ConvKernel first, ConvKernel second) {
        Padding moved = mergeReadyPadding(first.padding(), first.stride(), second.padding());
        // kernels are immutable, so the new ones can share the old weight arrays
        return new Pair(first.with(first.weightView(), first.bias(), moved),
                second.with(second.weightView(), second.bias(), Padding.NONE));
    }

    /** The first conv's padding in merge-ready form: {@code P1 + s1*P2} on each side. */
    public static Padding mergeReadyPadding(Padding p1, Hw s1, Padding p2) {
        return new Padding(p1.top() + s1.h() * p2.top(), p1.left() + s1.w() * p2.left(),
                p1.bottom() + s1.h() * p2.bottom(), p1.right() + s1.w() * p2.right());
    }

    /** {@code y[yOff..] += a * x[xOff..]} over {@code n} values. */
    static void axpy(double a, double[] x, int xOff, double[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
