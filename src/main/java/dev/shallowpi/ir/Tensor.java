package dev.shallowpi.ir;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * A weight tensor: a shape and row-major {@code float} values. Immutable: the values are copied in
 * and out, so a graph can be shared freely between passes that each return a new graph.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    public static Tensor of(int[] shape, float[] data) {
        return new Tensor(checkedShape(shape, data.length), data.clone());
    }

    /** Rounds double values to float: the one place where exact algebra meets stored weights. */
    public static Tensor ofDoubles(int[] shape, double[] data) {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new Tensor(checkedShape(shape, f.length), f);
    }

    /** A copy of {@code shape}, once it is known to hold exactly {@code length} values. */
    private static int[] checkedShape(int[] shape, int length) {
        long n = count(shape);
        if (n != length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + length);
        }
        return shape.clone();
    }

    public static Tensor filled(int[] shape, float value) {
        float[] d = new float[Math.toIntExact(count(shape))];
        Arrays.fill(d, value);
        return new Tensor(shape.clone(), d);
    }

    public static Tensor generate(int[] shape, IntToDoubleFunction valueAt) {
        float[] d = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) valueAt.applyAsDouble(i);
        }
        return new Tensor(shape.clone(), d);
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return data.length;
    }

    /** Value at a flat (row-major) index. */
    public float get(int flatIndex) {
        return data[flatIndex];
    }

    public float[] toFloatArray() {
        return data.clone();
    }

    public double[] toDoubleArray() {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
