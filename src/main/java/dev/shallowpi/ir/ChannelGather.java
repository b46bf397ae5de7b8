package dev.shallowpi.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Selects channels (axis 1 of a batch, axis 0 of a sample) in the order given: ONNX {@code Gather} on axis 1 with
 * constant indices. With {@link Concat} it turns a ReLU applied to some channels only into structure that a graph
 * (and a PI framework running it) computes as such: gather the kept channels, ReLU them, gather the rest, join them,
 * and {@link dev.shallowpi.cost.CostAnalysis} counts only the ReLUs that really pass through a ReLU node.
 *
 * @param channels indices into the input's channels, each once at most; not empty
 */
public record ChannelGather(int[] channels) implements Op {
    public ChannelGather {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("a channel gather needs at least one channel");
        }
        channels = channels.clone();
        boolean[] seen = new boolean[Arrays.stream(channels).max().getAsInt() + 1];
        for (int c : channels) {
            if (c < 0) {
                throw new IllegalArgumentException("channel indices must be >= 0, got " + c);
            }
            if (seen[c]) {
                // a repeated channel would be a copy, which nothing here needs; refusing keeps gathers permutations
                // of subsets, whose inverses the rewrites rely on
                throw new IllegalArgumentException("channel " + c + " is gathered twice");
            }
            seen[c] = true;
        }
    }

    /** The indices (a copy). */
    @Override
    public int[] channels() {
        return channels.clone();
    }

    /** The number of channels selected. */
    public int size() {
        return channels.length;
    }

    /** The i-th selected channel. */
    public int channel(int i) {
        return channels[i];
    }

    @Override
    public String kind() {
        return "gather";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape in = inputs.get(0);
        for (int c : channels) {
            if (c >= in.dim(0)) {
                throw new IllegalArgumentException("gather of channel " + c + " from an input of " + in.dim(0)
                        + " channels");
            }
        }
        int[] dims = in.dims();
        dims[0] = channels.length;
        return Shape.of(dims);
    }

    /**
     * Every index, as runs ({@code channels 0-3,7,12-15}): complete, because the indices are the op (a model's
     * digest is made from its nodes' descriptions).
     */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("channels ");
        int i = 0;
        while (i < channels.length) {
            int j = i;
            while (j + 1 < channels.length && channels[j + 1] == channels[j] + 1) {
                j++;
            }
            if (i > 0) {
                sb.append(',');
            }
            sb.append(channels[i]);
            if (j > i) {
                sb.append('-').append(channels[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelGather g && Arrays.equals(channels, g.channels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(channels);
    }

    @Override
    public String toString() {
        return "ChannelGather[" + describe() + "]";
    }
}
