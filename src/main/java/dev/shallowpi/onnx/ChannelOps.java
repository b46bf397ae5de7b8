package dev.shallowpi.onnx;

import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Shape;

import java.util.List;

/**
 * What ShuffleNetV2 exports around its channels, as channel gathers (permutations and selections of channels):
 * the channel shuffle ({@code x.view(n, g, c / g, h, w).transpose(1, 2).view(n, -1, h, w)}: a Reshape to five
 * dimensions, a Transpose of the two group axes and a Reshape back) and {@code x.chunk(2, dim=1)} (a Slice of the
 * channels with computed bounds).
 */
final class ChannelOps {
    private ChannelOps() {
    }

    /** A C x H x W activation viewed as {@code groups} groups of its channels: held until it is reshaped back. */
    static void group(Step s, Value.Feature x, long[] target) {
        Shape in = x.shape();
        if (in.rank() != 3 || target.length != 5 || target[3] != in.height() || target[4] != in.width()
                || target[1] < 1 || target[1] * target[2] != in.channels()) {
            throw s.fail("reshapes " + in + " samples to " + java.util.Arrays.toString(target) + "; only a split of "
                    + "the channels into groups (a channel shuffle) or a flatten is supported");
        }
        s.define(new Value.ChannelGroups(x, (int) target[1], false));
    }

    /** Transpose of the two group axes of grouped channels (perm [0, 2, 1, 3, 4]); no other transpose. */
    static void transpose(Step s) {
        s.requireInputs(1, 1);
        long[] perm = s.attributes().longs("perm");
        if (!(s.input(0) instanceof Value.ChannelGroups g) || perm == null
                || !java.util.Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
            throw s.fail("only the transpose of a channel shuffle (perm [0, 2, 1, 3, 4] after a reshape into "
                    + "channel groups) is supported");
        }
        s.define(new Value.ChannelGroups(g.source(), g.groups(), !g.transposed()));
    }

    /**
     * Grouped channels reshaped back to C x H x W: unchanged, or, after the transpose, shuffled: output channel
     * {@code j} is input channel {@code (j % g) * (C / g) + j / g}.
     */
    static void ungroup(Step s, Value.ChannelGroups g, long[] target) {
        Shape in = g.source().shape();
        boolean back = target.length == 4 && (target[1] == in.channels() || target[1] == -1)
                && target[2] == in.height() && target[3] == in.width();
        if (!back) {
            throw s.fail("reshapes grouped channels to " + java.util.Arrays.toString(target) + "; only back to "
                    + "N x C x H x W (a channel shuffle) is supported");
        }
        if (!g.transposed()) {
            s.define(g.source());
            return;
        }
        int c = in.channels();
        int perGroup = c / g.groups();
        int[] order = new int[c];
        for (int j = 0; j < c; j++) {
            order[j] = (j % g.groups()) * perGroup + j / g.groups();
        }
        s.define(s.emit(LayerOps.build(s, () -> new ChannelGather(order)), List.of(g.source().irName())));
    }

    /**
     * Slice of an activation's channels (axis 1, step 1) with bounds known while importing (constants, or shape
     * arithmetic on known sizes): a gather of that range of channels.
     */
    static void slice(Step s) {
        s.requireInputs(3, 5);
        Value.Feature x = s.feature(0);
        long start = bound(s, 1, "starts");
        long end = bound(s, 2, "ends");
        long axis = s.hasInput(3) ? bound(s, 3, "axes") : 0;
        long step = s.hasInput(4) ? bound(s, 4, "steps") : 1;
        int rank = x.shape().rank() + 1;
        if (Math.floorMod(axis, rank) != 1 || step != 1 || x.shape().rank() != 3) {
            throw s.fail("only a slice of the channels (axis 1, step 1) of an N x C x H x W activation is "
                    + "supported");
        }
        int c = x.shape().channels();
        int from = (int) clamp(start < 0 ? start + c : start, c);
        int to = (int) clamp(end < 0 ? end + c : end, c);
        if (to <= from) {
            throw s.fail("slices no channel (from " + start + " to " + end + " of " + c + ")");
        }
        if (from == 0 && to == c) {
            s.define(x);
            return;
        }
        int[] range = new int[to - from];
        for (int i = 0; i < range.length; i++) {
            range[i] = from + i;
        }
        s.define(s.emit(LayerOps.build(s, () -> new ChannelGather(range)), List.of(x.irName())));
    }

    private static long clamp(long v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    /** A one-entry bound of Slice: an integer constant or a computed shape entry, known while importing. */
    private static long bound(Step s, int i, String role) {
        Value v = s.input(i);
        if (v instanceof Value.Const c && c.isInt() && c.size() == 1) {
            return c.ints()[0];
        }
        if (v instanceof Value.Dims d && d.dims().size() == 1 && !d.dims().get(0).batch()) {
            return d.dims().get(0).value();
        }
        throw s.fail(role + " must be one known integer");
    }
}
