package dev.shallowpi.ir;

import java.util.stream.IntStream;

/**
 * The forward pass of each op, written plainly in double precision: the oracle every faster path (DJL,
 * merged layers, ONNX Runtime) is checked against. Loops are the textbook definitions; the only concession
 * to speed is running independent output planes in parallel.
 */
public final class ReferenceKernels {
    private ReferenceKernels() {
    }

    public static DoubleTensor conv2d(DoubleTensor x, Conv2d op) {
        return conv2d(x, op.weight().toDoubleArray(), op.bias() == null ? null : op.bias().toDoubleArray(),
                op.outChannels(), op.groups(), op.kernel(), op.stride(), op.padding(), op.dilation());
    }

    /**
     * The convolution on weights given as doubles ({@code [outChannels, C/groups, kh, kw]}, row-major) and an
     * optional bias: also the fold algebra's, whose exact kernels must be checked without rounding them to float.
     * The arrays are only read.
     */
    public static DoubleTensor conv2d(DoubleTensor x, double[] wt, double[] b, int outChannels, int groups,
                                      Hw kernel, Hw stride, Padding padding, Hw dilation) {
        int n = x.shape()[0];
        int c = x.shape()[1];
        int h = x.shape()[2];
        int w = x.shape()[3];
        int o = outChannels;
        int kh = kernel.h();
        int kw = kernel.w();
        int cpg = c / groups;
        int opg = o / groups;
        int sh = stride.h();
        int sw = stride.w();
        int dh = dilation.h();
        int dw = dilation.w();
        int pt = padding.top();
        int pl = padding.left();
        int oh = Op.windowOutput(h, kh, sh, pt, padding.bottom(), dh, false);
        int ow = Op.windowOutput(w, kw, sw, pl, padding.right(), dw, false);
        double[] in = x.data();
        double[] out = new double[n * o * oh * ow];
        IntStream.range(0, n * o).parallel().forEach(plane -> {
            int b0 = plane / o;
            int oc = plane % o;
            int g = oc / opg;
            int outBase = plane * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double acc = b == null ? 0 : b[oc];
                    for (int ci = 0; ci < cpg; ci++) {
                        int inPlane = (b0 * c + g * cpg + ci) * h * w;
                        int wBase = (oc * cpg + ci) * kh * kw;
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = y * sh - pt + ky * dh;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = xx * sw - pl + kx * dw;
                                if (ix < 0 || ix >= w) {
                                    continue;
                                }
                                acc += wt[wBase + ky * kw + kx] * in[inPlane + iy * w + ix];
                            }
                        }
                    }
                    out[outBase + y * ow + xx] = acc;
                }
            }
        });
        return new DoubleTensor(new int[] {n, o, oh, ow}, out);
    }

    public static DoubleTensor batchNorm(DoubleTensor x, BatchNorm op) {
        int[] s = x.shape();
        int c = s[1];
        int plane = x.data().length / (s[0] * c);
        double[] out = new double[x.data().length];
        for (int i = 0; i < out.length; i++) {
            int ch = (i / plane) % c;
            double scale = op.gamma().get(ch) / Math.sqrt(op.runningVar().get(ch) + op.eps());
            out[i] = (x.data()[i] - op.runningMean().get(ch)) * scale + op.beta().get(ch);
        }
        return new DoubleTensor(s.clone(), out);
    }

    public static DoubleTensor relu(DoubleTensor x) {
        return relu(x, Double.POSITIVE_INFINITY);
    }

    /** {@code min(max(x, 0), max)}: the plain ReLU with an infinite {@code max}. */
    public static DoubleTensor relu(DoubleTensor x, double max) {
        double[] out = new double[x.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.min(Math.max(x.data()[i], 0.0), max);
        }
        return new DoubleTensor(x.shape().clone(), out);
    }

    public static DoubleTensor add(DoubleTensor a, DoubleTensor b) {
        double[] out = new double[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data()[i] + b.data()[i];
        }
        return new DoubleTensor(a.shape().clone(), out);
    }

    public static DoubleTensor sigmoid(DoubleTensor x) {
        double[] out = new double[x.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = 1 / (1 + Math.exp(-x.data()[i]));
        }
        return new DoubleTensor(x.shape().clone(), out);
    }

    public static DoubleTensor hardSigmoid(DoubleTensor x, HardSigmoid h) {
        double[] out = new double[x.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, Math.min(1, h.alpha() * x.data()[i] + h.beta()));
        }
        return new DoubleTensor(x.shape().clone(), out);
    }

    /** {@code a * b}, {@code b} of {@code a}'s shape or N x C x 1 x 1 (broadcast over height and width). */
    public static DoubleTensor mul(DoubleTensor a, DoubleTensor b) {
        double[] out = new double[a.data().length];
        if (b.data().length == a.data().length) {
            for (int i = 0; i < out.length; i++) {
                out[i] = a.data()[i] * b.data()[i];
            }
        } else {
            int plane = a.data().length / b.data().length; // H*W: one factor per channel of each sample
            for (int i = 0; i < out.length; i++) {
                out[i] = a.data()[i] * b.data()[i / plane];
            }
        }
        return new DoubleTensor(a.shape().clone(), out);
    }

    public static DoubleTensor flatten(DoubleTensor x) {
        int n = x.shape()[0];
        return new DoubleTensor(new int[] {n, x.data().length / n}, x.data().clone());
    }

    public static DoubleTensor globalAvgPool(DoubleTensor x) {
        int n = x.shape()[0];
        int c = x.shape()[1];
        int plane = x.shape()[2] * x.shape()[3];
        double[] out = new double[n * c];
        for (int p = 0; p < n * c; p++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += x.data()[p * plane + i];
            }
            out[p] = sum / plane;
        }
        return new DoubleTensor(new int[] {n, c, 1, 1}, out);
    }

    public static DoubleTensor maxPool(DoubleTensor x, MaxPool op) {
        return pool(x, op.kernel(), op.stride(), op.padding(), op.ceilMode(), true, false);
    }

    public static DoubleTensor avgPool(DoubleTensor x, AvgPool op) {
        return pool(x, op.kernel(), op.stride(), op.padding(), op.ceilMode(), false, op.countIncludePad());
    }

    /**
     * Both poolings. Average pooling divides as PyTorch does: with {@code countIncludePad} by the window
     * clipped to the padded map (so a ceil-mode window hanging past the padding counts only what lies inside),
     * otherwise by the real pixels under the window.
     */
    private static DoubleTensor pool(DoubleTensor x, Hw k, Hw s, Padding p, boolean ceil, boolean max,
                                     boolean countIncludePad) {
        int n = x.shape()[0];
        int c = x.shape()[1];
        int h = x.shape()[2];
        int w = x.shape()[3];
        int oh = Op.windowOutput(h, k.h(), s.h(), p.top(), p.bottom(), 1, ceil);
        int ow = Op.windowOutput(w, k.w(), s.w(), p.left(), p.right(), 1, ceil);
        double[] in = x.data();
        double[] out = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    int y0 = y * s.h() - p.top();
                    int x0 = xx * s.w() - p.left();
                    int y1 = Math.min(y0 + k.h(), h + p.bottom());
                    int x1 = Math.min(x0 + k.w(), w + p.right());
                    int paddedCount = (y1 - y0) * (x1 - x0);
                    int ya = Math.max(y0, 0);
                    int xa = Math.max(x0, 0);
                    int yb = Math.min(y1, h);
                    int xb = Math.min(x1, w);
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int iy = ya; iy < yb; iy++) {
                        for (int ix = xa; ix < xb; ix++) {
                            double v = in[(plane * h + iy) * w + ix];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    if (!max) {
                        acc /= countIncludePad ? paddedCount : (yb - ya) * (xb - xa);
                    }
                    out[(plane * oh + y) * ow + xx] = acc;
                }
            }
        }
        return new DoubleTensor(new int[] {n, c, oh, ow}, out);
    }

    /** {@code out[n, j, ...] = x[n, channels[j], ...]}. */
    public static DoubleTensor channelGather(DoubleTensor x, ChannelGather op) {
        int[] s = x.shape();
        int n = s[0];
        int c = s[1];
        int plane = x.data().length / (n * c);
        int k = op.size();
        double[] out = new double[n * k * plane];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(x.data(), (b * c + op.channel(j)) * plane, out, (b * k + j) * plane, plane);
            }
        }
        int[] shape = s.clone();
        shape[1] = k;
        return new DoubleTensor(shape, out);
    }

    /** The inputs' channels one after the other, per sample. */
    public static DoubleTensor concat(java.util.List<DoubleTensor> parts) {
        int[] shape = parts.get(0).shape().clone();
        int n = shape[0];
        int plane = parts.get(0).data().length / (n * shape[1]);
        int total = 0;
        for (DoubleTensor p : parts) {
            total += p.shape()[1];
        }
        shape[1] = total;
        double[] out = new double[n * total * plane];
        for (int b = 0; b < n; b++) {
            int at = b * total * plane;
            for (DoubleTensor p : parts) {
                int len = p.shape()[1] * plane;
                System.arraycopy(p.data(), b * len, out, at, len);
                at += len;
            }
        }
        return new DoubleTensor(shape, out);
    }

    public static DoubleTensor linear(DoubleTensor x, Linear op) {
        int n = x.shape()[0];
        int in = op.inFeatures();
        int outF = op.outFeatures();
        double[] wt = op.weight().toDoubleArray();
        double[] out = new double[n * outF];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outF; o++) {
                double acc = op.bias() == null ? 0 : op.bias().get(o);
                for (int i = 0; i < in; i++) {
                    acc += wt[o * in + i] * x.data()[b * in + i];
                }
                out[b * outF + o] = acc;
            }
        }
        return new DoubleTensor(new int[] {n, outF}, out);
    }
}
