package dev.shallowpi.method.selection;

/**
 * Every subset of the pool, the feasible one of least total sensitivity kept: the optimum, for pools small
 * enough to enumerate (resnet20's 19 candidates, {@code 2^19} subsets, take about 0.2 s here). Ties, e.g. under uniform
 * sensitivities, go to fewer candidates, then to the larger normalised saving (more reduction for the same
 * risk), then to fewer MACs (with a ReLU target alone, a removal-only ReLU rather than an exact merge that adds
 * MACs), then to the subset met first (candidates earlier in the graph).
 */
final class ExactSearch {
    /** Largest pool enumerated by default. */
    static final int DEFAULT_LIMIT = 20;

    private ExactSearch() {
    }

    static SearchOutcome run(SubsetCosts costs, Targets targets, double[] sensitivity) {
        return run(costs, targets, sensitivity, new boolean[costs.size()]);
    }

    /** The same among the subsets that hold every {@code required} candidate. */
    static SearchOutcome run(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] required) {
        int n = costs.size();
        long needed = 0;
        for (int i = 0; i < n; i++) {
            if (required[i]) {
                needed |= 1L << i;
            }
        }
        if (n > 30) {
            throw new IllegalArgumentException("an exact search over " + n + " candidates is too large");
        }
        long best = -1;
        Score bestScore = null;
        long minRelus = Long.MAX_VALUE;
        long minMacs = Long.MAX_VALUE;
        long minMacsMeetingRelu = Long.MAX_VALUE;
        double minLatency = Double.POSITIVE_INFINITY;
        for (long mask = 0; mask < (1L << n); mask++) {
            if ((mask & needed) != needed) {
                continue;
            }
            long m = mask;
            Point p = costs.point(i -> (m >>> i & 1) != 0, targets);
            minRelus = Math.min(minRelus, p.relus());
            minMacs = Math.min(minMacs, p.macs());
            if (targets.hasLatency()) {
                minLatency = Math.min(minLatency, p.latency());
            }
            if (!targets.reluMet(p.relus())) {
                continue;
            }
            minMacsMeetingRelu = Math.min(minMacsMeetingRelu, p.macs());
            if (!targets.macMet(p.macs()) || !targets.latencyMet(p.latency())) {
                continue;
            }
            double cost = 0;
            for (int i = 0; i < n; i++) {
                if ((m >>> i & 1) != 0) {
                    cost += sensitivity[i];
                }
            }
            int count = Long.bitCount(m);
            double saving = targets.saving(p);
            Score score = new Score(cost, count, saving, p.macs());
            if (best < 0 || score.beats(bestScore)) {
                best = m;
                bestScore = score;
            }
        }
        boolean[] chosen = null;
        if (best >= 0) {
            chosen = new boolean[n];
            for (int i = 0; i < n; i++) {
                chosen[i] = (best >>> i & 1) != 0;
            }
        }
        return new SearchOutcome(chosen, minRelus, minMacs, minMacsMeetingRelu, minLatency);
    }

    /**
     * A subset meeting the budget, as the search ranks it: least total sensitivity, then fewest candidates, then the
     * largest saving beyond the targets, then fewest MACs.
     */
    private record Score(double cost, int count, double saving, long macs) {
        boolean beats(Score best) {
            // sums of the same sensitivities in another order differ in the last bits: equal within 1e-9 is a tie
            double tolerance = 1e-9 * Math.max(1, Math.abs(best.cost));
            if (Math.abs(cost - best.cost) > tolerance) {
                return cost < best.cost;
            }
            if (count != best.count) {
                return count < best.count;
            }
            if (Math.abs(saving - best.saving) > 1e-12) {
                return saving > best.saving;
            }
            return macs < best.macs;
        }
    }
}
