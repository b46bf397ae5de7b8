package dev.shallowpi.ir;

/** A (height, width) pair: kernel sizes, strides, dilations. */
public record Hw(int h, int w) {
    public Hw {
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException("expected positive sizes, got " + h + "x" + w);
        }
    }

    public static Hw square(int n) {
        return new Hw(n, n);
    }

    public boolean isSquare() {
        return h == w;
    }

    @Override
    public String toString() {
        return h == w ? Integer.toString(h) : h + "x" + w;
    }
}
