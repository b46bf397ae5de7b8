package dev.shallowpi.ir;

import java.util.List;

/**
 * Batch normalisation over channels (dimension 0 of the sample): {@code y = (x - mean) / sqrt(var + eps) * gamma
 * + beta} at inference. {@code momentum} is PyTorch's convention (weight of the new batch, 0.1 by default); it
 * is kept so that training reproduces the model it came from.
 */
public record BatchNorm(Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps,
                        double momentum) implements Op {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    public BatchNorm {
        int c = gamma.size();
        if (gamma.rank() != 1 || beta.rank() != 1 || runningMean.rank() != 1 || runningVar.rank() != 1
                || beta.size() != c || runningMean.size() != c || runningVar.size() != c) {
            throw new IllegalArgumentException("batch norm needs four [C] tensors, got " + gamma + " " + beta + " "
                    + runningMean + " " + runningVar);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("batch norm eps must be positive, got " + eps);
        }
        for (int i = 0; i < c; i++) {
            if (runningVar.get(i) < 0) {
                throw new IllegalArgumentException("batch norm running variance is negative at channel " + i);
            }
        }
    }

    public int channels() {
        return gamma.size();
    }

    @Override
    public String kind() {
        return "bn";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (in.channels() != channels()) {
            throw new IllegalArgumentException("batch norm has " + channels() + " channels, input is " + in);
        }
        return in;
    }

    @Override
    public String describe() {
        return channels() + " eps=" + new java.math.BigDecimal(Double.toString(eps)).stripTrailingZeros().toPlainString();
    }
}
