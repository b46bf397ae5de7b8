package dev.shallowpi.method.selection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The greedy selection, for pools too large to enumerate: repeatedly add the candidate of least sensitivity per
 * unit of progress towards the budget, until the budget is met; then drop, most sensitive first, every chosen
 * candidate the budget can do without.
 *
 * <p>Progress is the drop in {@link Targets#unmet}: the normalised distance still to go on each target. With one
 * target that is the candidate's saving of the target's quantity (ReLUs, MACs or estimated latency), capped at
 * what is still missing, over the need; with several targets the fractions add up, so a candidate that closes
 * 10 % of the ReLU gap and 5 % of the MAC gap counts 0.15, and a target already met stops counting. A
 * candidate that moves away from a target (an EXACT merge adds MACs) loses progress there; one with no
 * positive progress is never taken. Savings are marginal, given what is chosen already, so merge chains are
 * costed as what they become, and a latency saving counts depth only where the removal shortens the longest path.
 */
final class GreedySearch {
    private GreedySearch() {
    }

    static SearchOutcome run(SubsetCosts costs, Targets targets, double[] sensitivity) {
        return run(costs, targets, sensitivity, new boolean[costs.size()]);
    }

    /** The same starting from the {@code required} candidates, which are never dropped. */
    static SearchOutcome run(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] required) {
        int n = costs.size();
        boolean[] in = required.clone();
        if (addUntilMet(costs, targets, sensitivity, in)) {
            boolean[] chosen = prune(costs, targets, sensitivity, in, required);
            Point p = costs.point(i -> chosen[i], targets);
            return new SearchOutcome(chosen, p.relus(), p.macs(), p.macs(),
                    targets.hasLatency() ? p.latency() : Double.POSITIVE_INFINITY);
        }
        // What can be reached, for the message: all candidates for ReLUs; for MACs and latency, every candidate
        // that lowers them, added while one does (from nothing, and for MACs from the greedy choice for the ReLU
        // target alone); for latency also all candidates.
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        long minRelus = costs.relus(i -> all[i]);
        long minMacs = (long) lowerWhileItPays(costs, new boolean[n], s -> costs.macs(i -> s[i]));
        long minMacsMeetingRelu = Long.MAX_VALUE;
        boolean[] reluOnly = new boolean[n];
        Targets reluTarget = targets.withoutMac();
        if (addUntilMet(costs, reluTarget, sensitivity, reluOnly)) {
            minMacsMeetingRelu = (long) lowerWhileItPays(costs, reluOnly, s -> costs.macs(i -> s[i]));
        }
        double minLatency = Double.POSITIVE_INFINITY;
        if (targets.hasLatency()) {
            ToDoubleFunction<boolean[]> latency = s -> costs.point(i -> s[i], targets).latency();
            minLatency = Math.min(latency.applyAsDouble(all), lowerWhileItPays(costs, new boolean[n], latency));
        }
        return new SearchOutcome(null, minRelus, minMacs, minMacsMeetingRelu, minLatency);
    }

    /** Adds candidates to {@code in} until the targets are met; false when no candidate makes progress. */
    private static boolean addUntilMet(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] in) {
        while (true) {
            Point now = costs.point(i -> in[i], targets);
            if (targets.met(now)) {
                return true;
            }
            double unmet = targets.unmet(now);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            double bestProgress = 0;
            long bestMacs = 0;
            for (int c = 0; c < in.length; c++) {
                if (in[c]) {
                    continue;
                }
                in[c] = true;
                Point with = costs.point(i -> in[i], targets);
                double progress = unmet - targets.unmet(with);
                in[c] = false;
                if (progress <= 1e-12) {
                    continue;
                }
                // ties (equal sensitivities and savings) go to the larger progress, then to fewer MACs
                double score = sensitivity[c] / progress;
                if (score < bestScore || (score == bestScore && (progress > bestProgress
                        || (progress == bestProgress && with.macs() < bestMacs)))) {
                    best = c;
                    bestScore = score;
                    bestProgress = progress;
                    bestMacs = with.macs();
                }
            }
            if (best < 0) {
                return false;
            }
            in[best] = true;
        }
    }

    /** Most sensitive first (ties: the later in the graph), drops each chosen candidate the budget can spare. */
    private static boolean[] prune(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] in,
                                   boolean[] required) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] && !required[i]) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -sensitivity[i]).thenComparing(i -> -i));
        for (int c : order) {
            in[c] = false;
            if (!targets.met(costs.point(i -> in[i], targets))) {
                in[c] = true;
            }
        }
        return in;
    }

    /** Adds the candidate that lowers {@code objective} most while one does; returns the value reached. */
    private static double lowerWhileItPays(SubsetCosts costs, boolean[] in, ToDoubleFunction<boolean[]> objective) {
        double value = objective.applyAsDouble(in);
        while (true) {
            int best = -1;
            double bestValue = value;
            for (int c = 0; c < in.length; c++) {
                if (!in[c]) {
                    in[c] = true;
                    double v = objective.applyAsDouble(in);
                    in[c] = false;
                    if (v < bestValue) {
                        best = c;
                        bestValue = v;
                    }
                }
            }
            if (best < 0) {
                return value;
            }
            in[best] = true;
            value = bestValue;
        }
    }
}
