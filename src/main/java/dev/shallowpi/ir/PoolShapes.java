package dev.shallowpi.ir;

/** What max and average pooling share: a window's output shape and its description. */
final class PoolShapes {
    private PoolShapes() {
    }

    static Shape output(String what, Shape in, Hw kernel, Hw stride, Padding padding, boolean ceil) {
        Op.requireRank(in, 3, what);
        if (padding.top() * 2 > kernel.h() || padding.bottom() * 2 > kernel.h()
                || padding.left() * 2 > kernel.w() || padding.right() * 2 > kernel.w()) {
            throw new IllegalArgumentException(what + " padding " + padding + " exceeds half the kernel " + kernel);
        }
        int h = Op.windowOutput(in.height(), kernel.h(), stride.h(), padding.top(), padding.bottom(), 1, ceil);
        int w = Op.windowOutput(in.width(), kernel.w(), stride.w(), padding.left(), padding.right(), 1, ceil);
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(what + " with kernel " + kernel + " leaves no output on a " + in
                    + " input");
        }
        return Shape.of(in.channels(), h, w);
    }

    /** {@code k3 s2} (a square side once), then the padding and ceil mode where they are not the defaults. */
    static String describe(Hw kernel, Hw stride, Padding padding, boolean ceil) {
        return "k" + kernel + " s" + stride + (padding.equals(Padding.NONE) ? "" : " p" + padding)
                + (ceil ? " ceil" : "");
    }
}
