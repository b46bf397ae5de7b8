package dev.shallowpi.ir;

import java.util.Arrays;

/**
 * The shape of one sample flowing through a graph (the batch dimension is never part of it):
 * {@code [C, H, W]} for feature maps, {@code [F]} for flat vectors. Immutable.
 */
public final class Shape {
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    public static Shape of(int... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive: " + Arrays.toString(dims));
            }
        }
        return new Shape(dims.clone());
    }

    /** Parses {@code CxHxW} (or any number of {@code x}-separated positive integers). */
    public static Shape parse(String text) {
        String[] parts = text.trim().split("[xX]", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected dimensions like 3x32x32, got '" + text + "'");
            }
            if (dims[i] <= 0) {
                throw new IllegalArgumentException("dimensions must be positive, got '" + text + "'");
            }
        }
        return new Shape(dims);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int i) {
        return dims[i];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements of one sample. */
    public long elements() {
        return ArrayShapes.size(dims);
    }

    /** Channels of a {@code [C, H, W]} map. */
    public int channels() {
        return dims[0];
    }

    public int height() {
        requireRank(3);
        return dims[1];
    }

    public int width() {
        requireRank(3);
        return dims[2];
    }

    private void requireRank(int rank) {
        if (dims.length != rank) {
            throw new IllegalStateException("expected a rank-" + rank + " shape, got " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code 3x32x32}, the notation of the CLI. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
