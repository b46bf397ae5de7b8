package dev.shallowpi.method.selection;

import dev.shallowpi.cost.OpCosts;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * ReLUs, MACs and (for latency targets) elements per nonlinearity kind and depths of any subset of a pool of
 * candidates, fast enough for an exhaustive search. ReLU savings add up; MAC savings add up except along chains of
 * merge pairs that share a conv (they become one conv, which is not the sum of two pair merges), so each maximal
 * chain in a subset is looked up whole, its saving computed once by {@link CostModel} and remembered. Depths do not
 * add up at all (a removal off the longest path saves none): they are a longest-path pass over the teacher's nodes,
 * by index, counting what {@link CostModel#predict} counts.
 */
final class SubsetCosts {
    private final CostModel model;
    private final List<Candidate> pool;
    private final KernelMode mode;
    private final long[] relus;
    /** Each candidate's nonlinearity kind (relu or relu6), as an index into {@code OpCosts.NONLINEARITIES}. */
    private final int[] kinds;
    /** The teacher's elements per nonlinearity kind, indexed alike. */
    private final long[] teacherNonlinearities = new long[OpCosts.NONLINEARITIES.size()];
    /** Index of the pool candidate whose pair starts where this one's ends, or -1. */
    private final int[] next;
    private final int[] prev;
    private final Map<Long, Long> chainSavings = new HashMap<>();
    private final Map<Long, int[]> chainAbsorbed = new HashMap<>();
    /** The teacher's nodes by index: their inputs (-1 for a graph input), and what each counts towards. */
    private final int[][] inputs;
    private final boolean[] isRelu;
    private final boolean[] isNonlinear;
    private final boolean[] isLinear;
    /** For each node, the pool index of the candidate that removes it, or -1. */
    private final int[] removedBy;
    private final Map<String, Integer> index = new HashMap<>();
    private final int output;

    SubsetCosts(CostModel model, List<Candidate> pool, KernelMode mode) {
        this.model = model;
        this.pool = List.copyOf(pool);
        this.mode = mode;
        int n = pool.size();
        relus = new long[n];
        kinds = new int[n];
        next = new int[n];
        prev = new int[n];
        Arrays.fill(next, -1);
        Arrays.fill(prev, -1);
        Map<String, Integer> byFirstConv = new HashMap<>();
        for (int i = 0; i < n; i++) {
            relus[i] = pool.get(i).relus();
            kinds[i] = OpCosts.NONLINEARITIES.indexOf(
                    ((Relu) model.teacherGraph().node(pool.get(i).relu()).op()).nonlinearity());
            if (pool.get(i).isMerge()) {
                byFirstConv.put(pool.get(i).pair().firstConv(), i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (pool.get(i).isMerge()) {
                Integer j = byFirstConv.get(pool.get(i).pair().secondConv());
                if (j != null) {
                    next[i] = j;
                    prev[j] = i;
                }
            }
        }
        List<Node> nodes = model.teacherGraph().nodes();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        inputs = new int[nodes.size()][];
        isRelu = new boolean[nodes.size()];
        isNonlinear = new boolean[nodes.size()];
        isLinear = new boolean[nodes.size()];
        removedBy = new int[nodes.size()];
        Arrays.fill(removedBy, -1);
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            inputs[i] = node.inputs().stream().mapToInt(src -> index.getOrDefault(src, -1)).toArray();
            isRelu[i] = node.op() instanceof Relu;
            isNonlinear[i] = OpCosts.nonlinearity(node.op()) != null;
            isLinear[i] = OpCosts.isLinearLayer(node.op());
        }
        for (int i = 0; i < n; i++) {
            removedBy[index.get(pool.get(i).relu())] = i;
        }
        output = index.get(model.teacherGraph().output());
        model.teacher().nonlinearities().forEach(
                (kind, elements) -> teacherNonlinearities[OpCosts.NONLINEARITIES.indexOf(kind)] = elements);
    }

    /** The subset's ReLUs and MACs, and its estimated latency when the targets have a latency target. */
    Point point(IntPredicate in, Targets targets) {
        long r = relus(in);
        long m = macs(in);
        if (!targets.hasLatency()) {
            return new Point(r, m, Double.NaN);
        }
        int[] d = depths(in);
        return new Point(r, m, targets.latency(nonlinearities(in), m, d[2], d[1]));
    }

    /** The subset's elements per nonlinearity kind, indexed as {@code OpCosts.NONLINEARITIES}. */
    long[] nonlinearities(IntPredicate in) {
        long[] left = teacherNonlinearities.clone();
        for (int i = 0; i < relus.length; i++) {
            if (in.test(i)) {
                left[kinds[i]] -= relus[i];
            }
        }
        return left;
    }

    /**
     * ReLU depth, linear depth and nonlinear depth of the deployed student: removed ReLUs and absorbed convs count
     * nothing.
     */
    int[] depths(IntPredicate in) {
        boolean[] absorbed = new boolean[inputs.length];
        forEachChain(in, (start, length) -> {
            for (int node : chainAbsorbed(start, length)) {
                absorbed[node] = true;
            }
        });
        int[] relu = new int[inputs.length];
        int[] linear = new int[inputs.length];
        int[] nonlinear = new int[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            int r = 0;
            int l = 0;
            int nl = 0;
            for (int src : inputs[i]) {
                if (src >= 0) {
                    r = Math.max(r, relu[src]);
                    l = Math.max(l, linear[src]);
                    nl = Math.max(nl, nonlinear[src]);
                }
            }
            boolean removed = removedBy[i] >= 0 && in.test(removedBy[i]);
            relu[i] = r + (isRelu[i] && !removed ? 1 : 0);
            linear[i] = l + (isLinear[i] && !absorbed[i] ? 1 : 0);
            nonlinear[i] = nl + (isNonlinear[i] && !removed ? 1 : 0);
        }
        return new int[] {relu[output], linear[output], nonlinear[output]};
    }

    int size() {
        return pool.size();
    }

    long relus(IntPredicate in) {
        long r = model.teacher().relus();
        for (int i = 0; i < relus.length; i++) {
            if (in.test(i)) {
                r -= relus[i];
            }
        }
        return r;
    }

    long macs(IntPredicate in) {
        long[] saved = {0};
        forEachChain(in, (start, length) -> saved[0] += chainSaving(start, length));
        return model.teacher().macs() - saved[0];
    }

    private interface ChainVisitor {
        void chain(int start, int length);
    }

    /** Each maximal chain of selected merge candidates: its first pool index and its length. */
    private void forEachChain(IntPredicate in, ChainVisitor visitor) {
        for (int i = 0; i < relus.length; i++) {
            if (!in.test(i) || !pool.get(i).isMerge() || (prev[i] >= 0 && in.test(prev[i]))) {
                continue; // not selected, not a merge, or not the start of its chain
            }
            int length = 1;
            for (int j = next[i]; j >= 0 && in.test(j); j = next[j]) {
                length++;
            }
            visitor.chain(i, length);
        }
    }

    private long chainSaving(int start, int length) {
        return chainSavings.computeIfAbsent((long) start * pool.size() + length,
                k -> model.macSaving(chain(start, length), mode));
    }

    /** Node indices of the convs a chain absorbs: all but its first, and the shortcut conv it folds. */
    private int[] chainAbsorbed(int start, int length) {
        return chainAbsorbed.computeIfAbsent((long) start * pool.size() + length, k -> {
            MergeChain chain = chain(start, length);
            List<String> gone = new ArrayList<>(chain.convs().subList(1, chain.convs().size()));
            if (chain.branch() != null && chain.branch().shortcutConv() != null) {
                gone.add(chain.branch().shortcutConv());
            }
            return gone.stream().mapToInt(index::get).toArray();
        });
    }

    private MergeChain chain(int start, int length) {
        List<Candidate> members = new ArrayList<>(length);
        for (int i = start, left = length; left > 0; i = next[i], left--) {
            members.add(pool.get(i));
        }
        List<MergeChain> chains = MergeChain.of(model.teacherGraph(), members);
        if (chains.size() != 1) {
            throw new IllegalStateException("candidates " + members + " do not form one chain");
        }
        return chains.get(0);
    }
}
