package dev.shallowpi.engine;

import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Padding;

/**
 * Which convolutions must not reach libtorch's oneDNN 1x1 backward-weights kernel with a stride, and how they run
 * instead.
 *
 * <p>Why: oneDNN 3.7 (libtorch 2.7.1, the only one DJL 0.36 ships) has a heap overflow in
 * {@code jit_avx512_common_1x1_convolution_bwd_weights_t}. For a strided 1x1 convolution without padding it first
 * copies the input at unit stride ("reduce to unit stride"), and on channels-last activations with fewer than 16
 * input channels per group it lays each pixel out at 16 floats in a buffer sized for the real channel count, so it
 * writes past the buffer: SIGSEGV or "double free" in training, with no Java exception to catch. The shortcut convs
 * of narrow ResNets (resnet20 at width 0.75 and below, resnet18 below 0.25, pruned models) are exactly this
 * shape. Reported upstream as uxlfoundation/oneDNN issue 6035; AVX2 has the same fault below 8 channels.
 *
 * <p>The route around it: a 1x1 convolution without padding reads only the pixels {@code (s*y, s*x)}, so
 * {@code conv(x, stride s) == conv(x[:, :, ::s, ::s], stride 1)} exactly, in value and in gradient, and at unit
 * stride oneDNN does no such copy. The slice is a view; the convolution makes it contiguous, which is the copy
 * oneDNN would have made itself.
 */
final class StridedPointwiseGuard {
    /** oneDNN's AVX-512 channel block: below it the unit-stride copy overflows. */
    static final int CHANNEL_BLOCK = 16;

    private StridedPointwiseGuard() {
    }

    /**
     * Whether a conv that will run backward must take the unit-stride route: kernel 1x1, a stride above 1 on
     * either axis, no padding, fewer than {@link #CHANNEL_BLOCK} input channels per group.
     */
    static boolean reroutes(Conv2d c) {
        boolean pointwise = c.kernel().h() == 1 && c.kernel().w() == 1;
        boolean strided = c.stride().h() > 1 || c.stride().w() > 1;
        return pointwise && strided && c.padding().equals(Padding.NONE) && c.weight().dim(1) < CHANNEL_BLOCK;
    }
}
