package dev.shallowpi.onnx;

import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * ONNX ops that PyTorch emits around the spatial layers and that the IR expresses through them: a zero {@code Pad}
 * (DenseNet's transitions export one before their average pooling), taken in by the sliding window that reads it,
 * and a {@code ReduceMean} over height and width (MNASNet's global pooling), which is global average pooling.
 */
final class SpatialOps {
    private SpatialOps() {
    }

    /**
     * {@code Pad} with zeros on height and width only. An all-zero pad is nothing; any other stays pending as a
     * {@link Value.Padded} for the Conv or AveragePool that reads it, whose own zero padding it adds to.
     */
    static void pad(Step s) {
        s.requireInputs(1, 4);
        // a Pad of a Pad: the two paddings add up
        Value.Padded before = s.input(0) instanceof Value.Padded p ? p : null;
        Value.Feature x = before != null ? before.source() : s.feature(0);
        if (x.shape().rank() != 3) {
            throw s.fail("only a C x H x W activation can be padded, got " + x.shape());
        }
        String mode = s.attributes().string("mode", "constant");
        if (!mode.equals("constant")) {
            throw s.fail("mode " + Names.quoted(mode) + " is not supported; only constant (zero) padding is");
        }
        long[] pads;
        double value;
        if (s.opset() < 11) {
            pads = s.attributes().longs("pads");
            value = s.attributes().real("value", 0);
        } else {
            if (s.hasInput(3)) {
                throw s.fail("the axes input is not supported; give pads for all four axes");
            }
            Value.Const p = s.constant(1, "pads");
            if (!p.isInt()) {
                throw s.fail("pads must be integers");
            }
            pads = p.ints();
            value = s.hasInput(2) ? LayerOps.scalar(s, 2, "constant_value") : 0;
        }
        if (pads == null || pads.length != 8) {
            throw s.fail("pads must have 8 entries (begin and end of N, C, H, W), got "
                    + (pads == null ? "none" : Arrays.toString(pads)));
        }
        if (value != 0) {
            throw s.fail("only zero padding is supported, got the value " + value);
        }
        for (long p : pads) {
            if (p < 0 || p > Limits.MAX_SPATIAL) {
                throw s.fail("pads " + Arrays.toString(pads) + " are outside [0, " + Limits.MAX_SPATIAL + "]");
            }
        }
        if (pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw s.fail("only height and width can be padded, got pads " + Arrays.toString(pads));
        }
        Padding spatial = new Padding((int) pads[2], (int) pads[3], (int) pads[6], (int) pads[7]);
        if (before != null) {
            spatial = before.pads().plus(spatial);
        }
        s.define(spatial.equals(Padding.NONE) ? x : new Value.Padded(x, spatial));
    }

    /**
     * {@code ReduceMean} over exactly the height and width of a C x H x W activation: global average pooling, then
     * (without keepdims) a flatten to C values. Axes are an attribute before opset 18 and an input from it on.
     */
    static void reduceMean(Step s) {
        s.requireInputs(1, 2);
        Value.Feature x = s.feature(0);
        long[] axes;
        if (s.opset() < 18) {
            axes = s.attributes().longs("axes");
        } else {
            axes = s.hasInput(1) ? s.constant(1, "axes").ints() : null;
            s.attributes().integer("noop_with_empty_axes", 0, 0, 0);
        }
        boolean keep = s.attributes().integer("keepdims", 1, 0, 1) == 1;
        if (x.shape().rank() != 3 || axes == null || !spatial(axes, x.shape())) {
            throw s.fail("only a mean over height and width (axes 2 and 3) of an N x C x H x W activation is "
                    + "supported, got axes " + (axes == null ? "all" : Arrays.toString(axes)) + " of a sample of "
                    + "shape " + x.shape());
        }
        if (keep) {
            s.define(s.emit(LayerOps.build(s, GlobalAvgPool::new), List.of(x.irName())));
            return;
        }
        Value.Feature pooled = s.emitNamed(s.node().getName() + "/pool", new GlobalAvgPool(), List.of(x.irName()));
        s.define(s.emit(new Flatten(), List.of(pooled.irName())));
    }

    private static boolean spatial(long[] axes, Shape sample) {
        if (axes.length != 2) {
            return false;
        }
        int rank = sample.rank() + 1;
        long a = Math.floorMod(axes[0], rank);
        long b = Math.floorMod(axes[1], rank);
        return Math.min(a, b) == 2 && Math.max(a, b) == 3;
    }
}
