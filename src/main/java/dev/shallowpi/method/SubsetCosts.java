package dev.shallowpi.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * ReLUs and MACs of any subset of a pool of candidates, fast enough for an exhaustive search. ReLU savings add
 * up; MAC savings add up except along chains of merge pairs that share a conv (they become one conv, which is
 * not the sum of two pair merges), so each maximal chain in a subset is looked up whole, its saving computed
 * once by {@link CostModel} and remembered.
 */
final class SubsetCosts {
    private final CostModel model;
    private final List<Candidate> pool;
    private final KernelMode mode;
    private final long[] relus;
    /** Index of the pool candidate whose pair starts where this one's ends, or -1. */
    private final int[] next;
    private final int[] prev;
    private final Map<Long, Long> chainSavings = new HashMap<>();

    SubsetCosts(CostModel model, List<Candidate> pool, KernelMode mode) {
        this.model = model;
        this.pool = List.copyOf(pool);
        this.mode = mode;
        int n = pool.size();
        relus = new long[n];
        next = new int[n];
        prev = new int[n];
        Arrays.fill(next, -1);
        Arrays.fill(prev, -1);
        Map<String, Integer> byFirstConv = new HashMap<>();
        for (int i = 0; i < n; i++) {
            relus[i] = pool.get(i).relus();
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
        long saved = 0;
        for (int i = 0; i < relus.length; i++) {
            if (!in.test(i) || !pool.get(i).isMerge() || (prev[i] >= 0 && in.test(prev[i]))) {
                continue; // not selected, not a merge, or not the start of its chain
            }
            int length = 1;
            for (int j = next[i]; j >= 0 && in.test(j); j = next[j]) {
                length++;
            }
            saved += chainSaving(i, length);
        }
        return model.teacher().macs() - saved;
    }

    private long chainSaving(int start, int length) {
        return chainSavings.computeIfAbsent((long) start * pool.size() + length, k -> {
            List<Candidate> members = new ArrayList<>(length);
            for (int i = start, left = length; left > 0; i = next[i], left--) {
                members.add(pool.get(i));
            }
            List<MergeChain> chains = MergeChain.of(model.teacherGraph(), members);
            if (chains.size() != 1) {
                throw new IllegalStateException("candidates " + members + " do not form one chain");
            }
            return model.macSaving(chains.get(0), mode);
        });
    }
}
