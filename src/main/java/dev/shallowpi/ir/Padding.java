package dev.shallowpi.ir;

/** Zero padding on each side of a feature map, as ONNX's {@code pads} (which may be asymmetric). */
public record Padding(int top, int left, int bottom, int right) {
    public static final Padding NONE = new Padding(0, 0, 0, 0);

    public Padding {
        if (top < 0 || left < 0 || bottom < 0 || right < 0) {
            throw new IllegalArgumentException("padding must not be negative: " + top + "," + left + "," + bottom
                    + "," + right);
        }
    }

    public static Padding same(int p) {
        return new Padding(p, p, p, p);
    }

    /** This padding and {@code other} on each side: two zero paddings one after the other. */
    public Padding plus(Padding other) {
        return new Padding(top + other.top, left + other.left, bottom + other.bottom, right + other.right);
    }

    public boolean isSymmetric() {
        return top == bottom && left == right && top == left;
    }

    @Override
    public String toString() {
        return isSymmetric() ? Integer.toString(top) : "(" + top + "," + left + "," + bottom + "," + right + ")";
    }
}
