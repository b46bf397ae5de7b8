package dev.shallowpi.method.channels;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.method.selection.BudgetException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SNL's binarisation: from the trained per-channel alphas, the channels that keep their ReLU, as many as the budget
 * holds. Channels go by {@code |alpha|} from the largest; each is kept when its ReLUs (the channel's map) still fit,
 * and skipped otherwise, so a smaller channel further down may take the rest of the budget. The count lands at or
 * under the budget and as close to it as single channels allow. ReLU nodes without alphas keep every channel and
 * count against the budget first.
 */
public final class ChannelSelection {
    private ChannelSelection() {
    }

    /**
     * @param alphas  per masked ReLU node, one alpha per channel
     * @param allowed the most ReLUs per sample the graph may compute
     * @throws BudgetException when the ReLU nodes without alphas alone exceed {@code allowed}
     */
    public static ChannelMasks binarise(Graph graph, Map<String, float[]> alphas, long allowed) {
        record Channel(String relu, int index, long relus, double score, int order) {
        }
        List<Channel> channels = new ArrayList<>();
        long fixed = 0;
        int order = 0;
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof Relu)) {
                continue;
            }
            float[] a = alphas.get(n.name());
            long elements = graph.shape(n.name()).elements();
            if (a == null) {
                fixed += elements;
                continue;
            }
            int c = graph.shape(n.name()).dim(0);
            if (a.length != c) {
                throw new IllegalArgumentException("'" + n.name() + "' has " + c + " channels but " + a.length
                        + " alphas");
            }
            for (int i = 0; i < c; i++) {
                channels.add(new Channel(n.name(), i, elements / c, Math.abs(a[i]), order++));
            }
        }
        if (fixed > allowed) {
            throw new BudgetException("the ReLU layers without channel masks alone compute " + fixed
                    + " ReLUs, more than the " + allowed + " allowed");
        }
        // largest |alpha| first; ties by position in the graph, so the same alphas always give the same masks
        channels.sort(Comparator.comparingDouble(Channel::score).reversed().thenComparingInt(Channel::order));
        Map<String, boolean[]> keep = new LinkedHashMap<>();
        alphas.forEach((relu, a) -> keep.put(relu, new boolean[a.length]));
        long used = fixed;
        for (Channel ch : channels) {
            if (used + ch.relus() <= allowed) {
                keep.get(ch.relu())[ch.index()] = true;
                used += ch.relus();
            }
        }
        return ChannelMasks.of(graph, keep);
    }
}
