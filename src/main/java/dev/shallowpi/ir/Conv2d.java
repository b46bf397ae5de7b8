package dev.shallowpi.ir;

import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in PyTorch and ONNX) with zero padding.
 *
 * @param weight   {@code [outChannels, inChannels / groups, kernelH, kernelW]}
 * @param bias     {@code [outChannels]} or {@code null}
 */
public record Conv2d(Tensor weight, Tensor bias, Hw stride, Padding padding, Hw dilation, int groups) implements Op {
    public Conv2d {
        if (weight.rank() != 4) {
            throw new IllegalArgumentException("conv weight must be rank 4 [O, C/groups, kh, kw], got " + weight);
        }
        if (groups < 1 || weight.dim(0) % groups != 0) {
            throw new IllegalArgumentException("conv groups " + groups + " must divide the " + weight.dim(0)
                    + " output channels");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0))) {
            throw new IllegalArgumentException("conv bias must be [" + weight.dim(0) + "], got " + bias);
        }
    }

    /** Square kernel, stride and padding, no dilation, no groups. */
    public static Conv2d simple(Tensor weight, Tensor bias, int stride, int padding) {
        return new Conv2d(weight, bias, Hw.square(stride), Padding.same(padding), Hw.square(1), 1);
    }

    public int outChannels() {
        return weight.dim(0);
    }

    public int inChannels() {
        return weight.dim(1) * groups;
    }

    public Hw kernel() {
        return new Hw(weight.dim(2), weight.dim(3));
    }

    @Override
    public String kind() {
        return "conv";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        Op.requireRank(in, 3, "conv");
        if (in.channels() != inChannels()) {
            throw new IllegalArgumentException("conv expects " + inChannels() + " input channels, got " + in.channels()
                    + " (input " + in + ")");
        }
        int h = Op.windowOutput(in.height(), weight.dim(2), stride.h(), padding.top(), padding.bottom(),
                dilation.h(), false);
        int w = Op.windowOutput(in.width(), weight.dim(3), stride.w(), padding.left(), padding.right(),
                dilation.w(), false);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("conv with kernel " + kernel() + " leaves no output on a " + in
                    + " input");
        }
        return Shape.of(outChannels(), h, w);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(inChannels()).append("->").append(outChannels()).append(" k").append(kernel());
        if (stride.h() != 1 || stride.w() != 1) {
            sb.append(" s").append(stride);
        }
        if (!padding.equals(Padding.NONE)) {
            sb.append(" p").append(padding);
        }
        if (dilation.h() != 1 || dilation.w() != 1) {
            sb.append(" d").append(dilation);
        }
        if (groups != 1) {
            sb.append(" g").append(groups);
        }
        if (bias != null) {
            sb.append(" +b");
        }
        return sb.toString();
    }
}
