package dev.shallowpi.fold;

import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.Tensor;

/**
 * A fully connected layer {@code y = W x + b} in double precision: weight {@code [out, in]} row-major, optional
 * bias. The linear counterpart of {@link ConvKernel}; immutable.
 */
public final class LinearMap {
    private final int outFeatures;
    private final int inFeatures;
    private final double[] weight;
    private final double[] bias;

    public LinearMap(int outFeatures, int inFeatures, double[] weight, double[] bias) {
        if ((long) outFeatures * inFeatures != weight.length) {
            throw new IllegalArgumentException("weight needs " + outFeatures + "x" + inFeatures + " values, got "
                    + weight.length);
        }
        if (bias != null && bias.length != outFeatures) {
            throw new IllegalArgumentException("bias needs " + outFeatures + " values, got " + bias.length);
        }
        this.outFeatures = outFeatures;
        this.inFeatures = inFeatures;
        this.weight = weight.clone();
        this.bias = bias == null ? null : bias.clone();
    }

    public static LinearMap of(Linear l) {
        return new LinearMap(l.outFeatures(), l.inFeatures(), l.weight().toDoubleArray(),
                l.bias() == null ? null : l.bias().toDoubleArray());
    }

    /** Rounds to the float weights of the graph. */
    public Linear toLinear() {
        return new Linear(Tensor.ofDoubles(new int[] {outFeatures, inFeatures}, weight),
                bias == null ? null : Tensor.ofDoubles(new int[] {outFeatures}, bias));
    }

    public int outFeatures() {
        return outFeatures;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public double[] weight() {
        return weight.clone();
    }

    /** The bias, or {@code null} when there is none. */
    public double[] bias() {
        return bias == null ? null : bias.clone();
    }

    /** {@code W x + b} for one vector. */
    public double[] apply(double[] x) {
        if (x.length != inFeatures) {
            throw new IllegalArgumentException("expected " + inFeatures + " features, got " + x.length);
        }
        double[] y = new double[outFeatures];
        for (int o = 0; o < outFeatures; o++) {
            double acc = bias == null ? 0 : bias[o];
            for (int i = 0; i < inFeatures; i++) {
                acc += weight[o * inFeatures + i] * x[i];
            }
            y[o] = acc;
        }
        return y;
    }
}
