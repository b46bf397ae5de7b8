package dev.shallowpi.method.channels;

import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Channel masks as structure a PI framework runs as such, so that a masked channel's ReLU is not computed at all
 * (REFERENCE.md section 4: masked elements save protocol work only when they are compacted). A masked ReLU node
 * {@code R} with kept channels K and the rest S becomes
 * <pre>
 *   R.kept = gather(K)     R = relu(R.kept)     R.rest = gather(S)
 *   R.concat = concat(R, R.rest)                R.order = gather(inverse order)
 * </pre>
 * and its readers read {@code R.order}. The ReLU node keeps its name and now sees only K, so
 * {@code CostAnalysis} counts only the ReLUs computed. The reordering gather is left out when it would be the
 * identity (K before S, or, with the parts swapped, S before K); a layer with no channel kept loses its ReLU
 * node. The graph changes nowhere else; the result is a new graph.
 */
public final class MaskLowering {
    private MaskLowering() {
    }

    public static Graph apply(Graph graph, ChannelMasks masks) {
        if (masks.isEmpty()) {
            return graph;
        }
        Set<String> taken = new HashSet<>();
        graph.inputs().forEach(in -> taken.add(in.name()));
        graph.nodes().forEach(n -> taken.add(n.name()));
        Map<String, String> renamed = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            boolean[] keep = masks.mask(n.name());
            if (keep == null) {
                nodes.add(rewired(n, renamed));
                continue;
            }
            if (!(n.op() instanceof Relu)) {
                throw new IllegalArgumentException("cannot lower a mask on '" + n.name() + "': not a ReLU node");
            }
            String in = resolve(n.inputs().get(0), renamed);
            int[] kept = channels(keep, true);
            int[] rest = channels(keep, false);
            if (kept.length == 0) {
                renamed.put(n.name(), in);
                continue;
            }
            String keptName = fresh(taken, n.name() + ".kept");
            String restName = fresh(taken, n.name() + ".rest");
            String concatName = fresh(taken, n.name() + ".concat");
            nodes.add(new Node(keptName, new ChannelGather(kept), in));
            nodes.add(new Node(n.name(), n.op(), keptName));
            nodes.add(new Node(restName, new ChannelGather(rest), in));
            // the concat's order: the rest first when every rest channel comes before every kept one
            boolean restFirst = rest[rest.length - 1] < kept[0];
            int[] order = restFirst ? join(rest, kept) : join(kept, rest);
            nodes.add(new Node(concatName, new Concat(2), restFirst ? List.of(restName, n.name())
                    : List.of(n.name(), restName)));
            String out = concatName;
            if (!isIdentity(order)) {
                out = fresh(taken, n.name() + ".order");
                nodes.add(new Node(out, new ChannelGather(inverse(order)), concatName));
            }
            renamed.put(n.name(), out);
        }
        List<Input> inputs = graph.inputs();
        return new Graph(inputs, nodes, resolve(graph.output(), renamed));
    }

    private static Node rewired(Node n, Map<String, String> renamed) {
        List<String> ins = new ArrayList<>(n.inputs().size());
        n.inputs().forEach(i -> ins.add(resolve(i, renamed)));
        return ins.equals(n.inputs()) ? n : n.withInputs(ins);
    }

    private static String resolve(String value, Map<String, String> renamed) {
        return renamed.getOrDefault(value, value);
    }

    private static String fresh(Set<String> taken, String base) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    private static int[] channels(boolean[] keep, boolean kept) {
        int[] out = new int[keep.length];
        int n = 0;
        for (int c = 0; c < keep.length; c++) {
            if (keep[c] == kept) {
                out[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int[] join(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** {@code inv[c]} is where channel {@code c} sits in {@code order}. */
    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }
}
