package dev.shallowpi.method.channels;

import dev.shallowpi.engine.Gate;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.results.ChannelMask;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Channel-level ReLU reduction: for some ReLU nodes, which channels keep their ReLU; the others pass their input
 * through. While a student trains, the masks are fixed gates of the engine ({@link #gates()}); for deployment
 * {@link MaskLowering} turns them into graph structure. Immutable; layers with every channel kept are not stored.
 */
public final class ChannelMasks {
    private final Map<String, boolean[]> keep;

    private ChannelMasks(Map<String, boolean[]> keep) {
        this.keep = keep;
    }

    public static ChannelMasks none() {
        return new ChannelMasks(Map.of());
    }

    /**
     * Masks of {@code graph}'s ReLU nodes: per node, one flag per channel of its input (true: the channel keeps its
     * ReLU). Every node must be a ReLU of the graph and every flag array match its channels.
     */
    public static ChannelMasks of(Graph graph, Map<String, boolean[]> keep) {
        Map<String, boolean[]> stored = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            boolean[] k = keep.get(n.name());
            if (k == null) {
                continue;
            }
            if (!(n.op() instanceof Relu)) {
                throw new IllegalArgumentException("cannot mask '" + n.name() + "': not a ReLU node");
            }
            int channels = graph.shape(n.name()).dim(0);
            if (k.length != channels) {
                throw new IllegalArgumentException("mask of '" + n.name() + "' has " + k.length + " flags for "
                        + channels + " channels");
            }
            if (count(k) < channels) {
                stored.put(n.name(), k.clone());
            }
        }
        for (String name : keep.keySet()) {
            if (!graph.hasNode(name)) {
                throw new IllegalArgumentException("cannot mask '" + name + "': no such node");
            }
        }
        return new ChannelMasks(Collections.unmodifiableMap(stored));
    }

    public boolean isEmpty() {
        return keep.isEmpty();
    }

    /** The masked ReLU nodes, in graph order, with their flags (copies). */
    public Map<String, boolean[]> masks() {
        Map<String, boolean[]> out = new LinkedHashMap<>();
        keep.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** The flags of one masked node (a copy), or null when the node keeps every channel. */
    public boolean[] mask(String relu) {
        boolean[] k = keep.get(relu);
        return k == null ? null : k.clone();
    }

    /**
     * ReLUs per sample that {@code graph} computes with these masks: every element through an unmasked ReLU node,
     * and the kept channels' elements through a masked one. {@link MaskLowering}'s graph counts the same under
     * {@code CostAnalysis}.
     */
    public long relus(Graph graph) {
        long total = 0;
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Relu) {
                long elements = graph.shape(n.name()).elements();
                boolean[] k = keep.get(n.name());
                total += k == null ? elements : elements / k.length * count(k);
            }
        }
        return total;
    }

    /** The masks as fixed engine gates (1 keeps the ReLU, 0 is the identity), for training and evaluation. */
    public Map<String, Gate> gates() {
        Map<String, Gate> g = new LinkedHashMap<>();
        keep.forEach((relu, k) -> g.put(relu, Gate.mask(k)));
        return g;
    }

    /** {@code {"layer1.0.relu1": {"channels": 16, "kept": [0, 3, ...]}, ...}}, as plans store them. */
    public Map<String, ChannelMask> toRecord() {
        Map<String, ChannelMask> out = new LinkedHashMap<>();
        keep.forEach((relu, k) -> {
            int[] kept = new int[count(k)];
            int i = 0;
            for (int c = 0; c < k.length; c++) {
                if (k[c]) {
                    kept[i++] = c;
                }
            }
            out.put(relu, new ChannelMask(k.length, kept));
        });
        return out;
    }

    /** Reads {@link #toRecord()}'s form back for {@code graph} (null: no masks); a mismatch names the node. */
    public static ChannelMasks fromRecord(Map<String, ChannelMask> stored, Graph graph) {
        if (stored == null) {
            return none();
        }
        Map<String, boolean[]> keep = new LinkedHashMap<>();
        stored.forEach((relu, m) -> {
            boolean[] k = new boolean[m.channels()];
            for (int i : m.kept()) {
                if (i < 0 || i >= k.length) {
                    throw new IllegalArgumentException("mask of '" + relu + "': channel " + i + " of " + k.length);
                }
                k[i] = true;
            }
            keep.put(relu, k);
        });
        return of(graph, keep);
    }

    /** How many channels {@code k} keeps. */
    public static int count(boolean[] k) {
        int n = 0;
        for (boolean b : k) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
