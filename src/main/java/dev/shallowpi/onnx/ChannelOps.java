package dev.shallowpi.onnx;

import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * What ShuffleNetV2 exports around its channels, as channel gathers (permutations and selections of channels):
 * the channel shuffle ({@code x.view(n, g, c / g, h, w).transpose(1, 2).view(n, -1, h, w)}: a Reshape to five
 * dimensions, a Transpose of the two group axes and a Reshape back) and {@code x.chunk(2, dim=1)} (a Slice of the
 * channels with computed bounds, or a Split as other exporters and opsets write it).
 */
final class ChannelOps {
    private ChannelOps() {
    }

    /** A C x H x W activation viewed as {@code groups} groups of its channels: held until it is reshaped back. */
    static void group(Step s, Value.Feature x, long[] target) {
        Shape in = x.shape();
        if (in.rank() != 3 || target.length != 5 || target[3] != in.height() || target[4] != in.width()
                || target[1] < 1 || target[1] * target[2] != in.channels()) {
            throw s.fail("reshapes " + in + " samples to " + Arrays.toString(target) + "; only a split of "
                    + "the channels into groups (a channel shuffle) or a flatten is supported");
        }
        s.define(new Value.ChannelGroups(x, (int) target[1], false));
    }

    /** Transpose of the two group axes of grouped channels (perm [0, 2, 1, 3, 4]); no other transpose. */
    static void transpose(Step s) {
        s.requireInputs(1, 1);
        long[] perm = s.attributes().longs("perm");
        if (!(s.input(0) instanceof Value.ChannelGroups g) || perm == null
                || !Arrays.equals(perm, new long[] {0, 2, 1, 3, 4})) {
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
            throw s.fail("reshapes grouped channels to " + Arrays.toString(target) + "; only back to "
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
        s.define(s.emit(LayerOps.build(s, () -> new ChannelGather(range(from, to))), List.of(x.irName())));
    }

    /**
     * Split of an activation's channels (axis 1) into consecutive ranges, one channel gather per output: the sizes
     * from the {@code split} input (opset 13 on) or attribute (before), else equal parts (opset 18's
     * {@code num_outputs}: parts of ceil(C / n), the last one smaller).
     */
    static void split(Step s) {
        s.requireInputs(1, 2);
        Value.Feature x = s.feature(0);
        int outputs = s.node().getOutputCount();
        long axis = s.attributes().integer("axis", 0);
        if (x.shape().rank() != 3 || Math.floorMod(axis, 4) != 1 || axis < -4 || axis > 3) {
            throw s.fail("only a split of the channels (axis 1) of an N x C x H x W activation is supported");
        }
        int c = x.shape().channels();
        long[] sizes = splitSizes(s, c, outputs);
        long total = 0;
        for (long size : sizes) {
            if (size < 1) {
                throw s.fail("splits off an empty part (sizes " + Arrays.toString(sizes) + ")");
            }
            total += size;
        }
        if (sizes.length != outputs || total != c) {
            throw s.fail("sizes " + Arrays.toString(sizes) + " do not split " + c + " channels into " + outputs
                    + " outputs");
        }
        int from = 0;
        for (int i = 0; i < outputs; i++) {
            int[] part = range(from, from + (int) sizes[i]);
            if (!s.node().getOutput(i).isEmpty()) {
                s.define(i, outputs == 1 ? x : s.emitNamed(s.node().getName() + "/" + i,
                        LayerOps.build(s, () -> new ChannelGather(part)), List.of(x.irName())));
            }
            from += part.length;
        }
    }

    private static long[] splitSizes(Step s, int c, int outputs) {
        if (s.hasInput(1)) {
            if (!(s.input(1) instanceof Value.Const k) || !k.isInt()) {
                throw s.fail("split sizes must be integer constants");
            }
            return k.ints();
        }
        if (s.attributes().has("split")) {
            return s.attributes().longs("split");
        }
        long n = s.attributes().has("num_outputs") ? s.attributes().integer("num_outputs", outputs) : outputs;
        if (n != outputs || n < 1) {
            throw s.fail("num_outputs " + n + " differs from its " + outputs + " outputs");
        }
        long part = s.opset() >= 18 ? (c + n - 1) / n : c / n;
        if (s.opset() < 18 && c % n != 0) {
            throw s.fail(c + " channels do not split into " + n + " equal parts");
        }
        long[] sizes = new long[outputs];
        for (int i = 0; i < outputs; i++) {
            sizes[i] = Math.min(part, c - part * i);
        }
        return sizes;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
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
