package dev.shallowpi.method;

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
        int n = costs.size();
        if (n > 30) {
            throw new IllegalArgumentException("an exact search over " + n + " candidates is too large");
        }
        long best = -1;
        double bestCost = 0;
        int bestCount = 0;
        double bestSaving = 0;
        long bestMacs = 0;
        long minRelus = Long.MAX_VALUE;
        long minMacs = Long.MAX_VALUE;
        long minMacsMeetingRelu = Long.MAX_VALUE;
        double minLatency = Double.POSITIVE_INFINITY;
        for (long mask = 0; mask < (1L << n); mask++) {
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
            if (best < 0 || better(cost, count, saving, p.macs(), bestCost, bestCount, bestSaving, bestMacs)) {
                best = m;
                bestCost = cost;
                bestCount = count;
                bestSaving = saving;
                bestMacs = p.macs();
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

    private static boolean better(double cost, int count, double saving, long macs, double bestCost, int bestCount,
                                  double bestSaving, long bestMacs) {
        // sums of the same sensitivities in another order differ in the last bits: equal within 1e-9 is a tie
        double tolerance = 1e-9 * Math.max(1, Math.abs(bestCost));
        if (Math.abs(cost - bestCost) > tolerance) {
            return cost < bestCost;
        }
        if (count != bestCount) {
            return count < bestCount;
        }
        if (Math.abs(saving - bestSaving) > 1e-12) {
            return saving > bestSaving;
        }
        return macs < bestMacs;
    }
}
