package dev.shallowpi.ir;

import java.util.Arrays;
import java.util.Random;

/**
 * A batch of activations in double precision, row-major, batch dimension first ({@code [N, C, H, W]} or
 * {@code [N, F]}). The reference executor's currency: doubles so that an oracle's own rounding never hides
 * a difference between two models.
 */
public record DoubleTensor(int[] shape, double[] data) {
    public DoubleTensor {
        ArrayShapes.requireSize(shape, data.length);
    }

    public static DoubleTensor zeros(int... shape) {
        return new DoubleTensor(shape.clone(), new double[Math.toIntExact(ArrayShapes.size(shape))]);
    }

    /** A batch of {@code n} samples of a graph-level shape. */
    public static DoubleTensor batchOf(int n, Shape sample) {
        int[] s = new int[sample.rank() + 1];
        s[0] = n;
        for (int i = 0; i < sample.rank(); i++) {
            s[i + 1] = sample.dim(i);
        }
        return zeros(s);
    }

    /** Standard normal values from a seeded generator: the usual probe input. */
    public static DoubleTensor randomNormal(long seed, int n, Shape sample) {
        DoubleTensor t = batchOf(n, sample);
        Random r = new Random(seed);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = r.nextGaussian();
        }
        return t;
    }

    public int batch() {
        return shape[0];
    }

    /** Shape of one sample (the shape without the batch dimension). */
    public Shape sampleShape() {
        return Shape.of(Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Largest |a - b| over all elements; the shapes must agree. */
    public double maxAbsDiff(DoubleTensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new IllegalArgumentException("cannot compare shapes " + Arrays.toString(shape) + " and "
                    + Arrays.toString(other.shape));
        }
        double m = 0;
        for (int i = 0; i < data.length; i++) {
            m = Math.max(m, Math.abs(data[i] - other.data[i]));
        }
        return m;
    }

    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DoubleTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "DoubleTensor" + Arrays.toString(shape);
    }
}
