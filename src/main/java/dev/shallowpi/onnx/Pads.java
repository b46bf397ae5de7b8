package dev.shallowpi.onnx;

import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Shape;

/** A sliding window's padding from ONNX's {@code pads} ([top, left, bottom, right]) or {@code auto_pad}. */
final class Pads {
    private Pads() {
    }

    static Padding read(Step s, Shape in, int[] kernel, int[] strides, int[] dilations) {
        Attributes a = s.attributes();
        String auto = a.string("auto_pad", "NOTSET");
        int[] pads = a.ints("pads", 4, 0, Limits.MAX_SPATIAL, null);
        switch (auto) {
            case "NOTSET":
                return pads == null ? Padding.NONE : new Padding(pads[0], pads[1], pads[2], pads[3]);
            case "VALID":
                requireNoPads(s, pads, auto);
                return Padding.NONE;
            case "SAME_UPPER":
            case "SAME_LOWER":
                requireNoPads(s, pads, auto);
                if (in.rank() != 3) {
                    throw s.fail("auto_pad " + auto + " needs a C x H x W input, got " + in);
                }
                boolean upper = auto.equals("SAME_UPPER");
                int[] h = same(s, in.height(), kernel[0], strides[0], dilations[0], upper);
                int[] w = same(s, in.width(), kernel[1], strides[1], dilations[1], upper);
                return new Padding(h[0], w[0], h[1], w[1]);
            default:
                throw s.fail("auto_pad " + Names.quoted(auto) + " is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
    }

    private static void requireNoPads(Step s, int[] pads, String auto) {
        if (pads != null) {
            throw s.fail("gives both pads and auto_pad " + auto);
        }
    }

    /** Total padding so that the output is ceil(in / stride); the odd pixel goes after (UPPER) or before (LOWER). */
    private static int[] same(Step s, int in, int kernel, int stride, int dilation, boolean upper) {
        long out = (in + (long) stride - 1) / stride;
        long total = Math.max(0, (out - 1) * stride + (long) (kernel - 1) * dilation + 1 - in);
        if (total > 2L * Limits.MAX_SPATIAL) {
            throw s.fail("auto_pad needs " + total + " pixels of padding");
        }
        int small = (int) (total / 2);
        int large = (int) (total - small);
        return upper ? new int[] {small, large} : new int[] {large, small};
    }
}
