package dev.shallowpi.fold;

import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.ReferenceKernels;
import dev.shallowpi.ir.Tensor;

import java.util.Arrays;

/**
 * A convolution in double precision, the value the fold algebra works on: weight {@code [O, C/groups, kh, kw]}
 * (row-major), an optional bias {@code [O]}, stride, zero padding (possibly asymmetric), dilation and groups.
 * Converted from and to {@link Conv2d} at the edges; the only rounding happens in {@link #toConv2d()}.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class ConvKernel {
    private final int outChannels;
    private final int inChannels;
    private final int groups;
    private final Hw size;
    private final Hw stride;
    private final Padding padding;
    private final Hw dilation;
    private final double[] weight;
    private final double[] bias;

    public ConvKernel(int outChannels, int inChannels, int groups, Hw size, Hw stride, Padding padding, Hw dilation,
                      double[] weight, double[] bias) {
        this(outChannels, inChannels, groups, size, stride, padding, dilation, weight.clone(),
                bias == null ? null : bias.clone(), true);
    }

    /**
     * Takes the arrays as they are (the public constructor passes copies): for arrays the algebra has just
     * computed, or shares between immutable kernels. {@code owned} only tells the two constructors apart.
     */
    private ConvKernel(int outChannels, int inChannels, int groups, Hw size, Hw stride, Padding padding, Hw dilation,
                       double[] weight, double[] bias, boolean owned) {
        if (groups < 1 || outChannels % groups != 0 || inChannels % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide both " + outChannels
                    + " output and " + inChannels + " input channels");
        }
        long expected = (long) outChannels * (inChannels / groups) * size.h() * size.w();
        if (weight.length != expected) {
            throw new IllegalArgumentException("weight needs " + expected + " values, got " + weight.length);
        }
        if (bias != null && bias.length != outChannels) {
            throw new IllegalArgumentException("bias needs " + outChannels + " values, got " + bias.length);
        }
        this.outChannels = outChannels;
        this.inChannels = inChannels;
        this.groups = groups;
        this.size = size;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.weight = weight;
        this.bias = bias;
    }

    /** A kernel that owns {@code weight} and {@code bias} (no copies: the caller must not keep them). */
    static ConvKernel wrap(int outChannels, int inChannels, int groups, Hw size, Hw stride, Padding padding,
                           Hw dilation, double[] weight, double[] bias) {
        return new ConvKernel(outChannels, inChannels, groups, size, stride, padding, dilation, weight, bias, true);
    }

    public static ConvKernel of(Conv2d c) {
        return wrap(c.outChannels(), c.inChannels(), c.groups(), c.kernel(), c.stride(), c.padding(),
                c.dilation(), c.weight().toDoubleArray(), c.bias() == null ? null : c.bias().toDoubleArray());
    }

    /** Rounds to the float weights of the graph. */
    public Conv2d toConv2d() {
        Tensor w = Tensor.ofDoubles(new int[] {outChannels, inChannels / groups, size.h(), size.w()}, weight);
        Tensor b = bias == null ? null : Tensor.ofDoubles(new int[] {outChannels}, bias);
        return new Conv2d(w, b, stride, padding, dilation, groups);
    }

    public int outChannels() {
        return outChannels;
    }

    public int inChannels() {
        return inChannels;
    }

    public int groups() {
        return groups;
    }

    /** Input channels each output channel reads. */
    public int inPerGroup() {
        return inChannels / groups;
    }

    public Hw size() {
        return size;
    }

    public Hw stride() {
        return stride;
    }

    public Padding padding() {
        return padding;
    }

    public Hw dilation() {
        return dilation;
    }

    public double[] weight() {
        return weight.clone();
    }

    /** The weight array itself, for the algebra's read-only use (no copy of a possibly large kernel). */
    double[] weightView() {
        return weight;
    }

    /** The bias, or {@code null} when the conv has none. */
    public double[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** The bias, zeros when the conv has none. */
    public double[] biasOrZeros() {
        return bias == null ? new double[outChannels] : bias.clone();
    }

    /** The same conv with other weights, bias, padding, which it takes over (no copies). */
    ConvKernel with(double[] newWeight, double[] newBias, Padding newPadding) {
        return wrap(outChannels, inChannels, groups, size, stride, newPadding, dilation, newWeight, newBias);
    }

    /**
     * The same conv written with fewer groups: {@code g} must divide {@link #groups()}. Each coarser group's
     * kernel is block-diagonal, zero where the finer grouping had no connection; {@code withGroups(1)} is the
     * dense kernel.
     */
    public ConvKernel withGroups(int g) {
        if (g < 1 || groups % g != 0) {
            throw new IllegalArgumentException("cannot regroup " + groups + " groups into " + g);
        }
        if (g == groups) {
            return this;
        }
        int taps = size.h() * size.w();
        int oldIn = inPerGroup();
        int newIn = inChannels / g;
        int oldOut = outChannels / groups;
        int newOut = outChannels / g;
        double[] w = new double[outChannels * newIn * taps];
        for (int o = 0; o < outChannels; o++) {
            int oldGroup = o / oldOut;
            int newGroup = o / newOut;
            // first input channel of o's old group, relative to the start of its new (coarser) group
            int offset = oldGroup * oldIn - newGroup * newIn;
            System.arraycopy(weight, o * oldIn * taps, w, (o * newIn + offset) * taps, oldIn * taps);
        }
        return wrap(outChannels, inChannels, g, size, stride, padding, dilation, w, bias);
    }

    /** Output size along one axis for an input of {@code in} pixels. */
    int outputSize(int in, boolean height) {
        return height
                ? Op.windowOutput(in, size.h(), stride.h(), padding.top(), padding.bottom(), dilation.h(), false)
                : Op.windowOutput(in, size.w(), stride.w(), padding.left(), padding.right(), dilation.w(), false);
    }

    /**
     * Runs the conv on a batch {@code [N, C, H, W]} in double precision: the reference executor's textbook loop on
     * this kernel's own weights, so that the algebra can be checked without the float rounding of
     * {@link #toConv2d()}.
     */
    public DoubleTensor apply(DoubleTensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != inChannels) {
            throw new IllegalArgumentException("conv expects [N, " + inChannels + ", H, W], got "
                    + Arrays.toString(s));
        }
        if (outputSize(s[2], true) <= 0 || outputSize(s[3], false) <= 0) {
            throw new IllegalArgumentException("conv leaves no output on a " + s[2] + "x" + s[3] + " input");
        }
        return ReferenceKernels.conv2d(x, weight, bias, outChannels, groups, size, stride, padding, dilation);
    }

    /** For messages: {@code 64->64 k5x5 s1 p2 d1 g1}. */
    public String describe() {
        return inChannels + "->" + outChannels + " k" + size.h() + "x" + size.w() + " s" + stride + " p" + padding
                + (dilation.h() == 1 && dilation.w() == 1 ? "" : " d" + dilation) + (groups == 1 ? "" : " g" + groups);
    }

    @Override
    public String toString() {
        return "ConvKernel[" + describe() + "]";
    }
}
