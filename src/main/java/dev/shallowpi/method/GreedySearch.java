package dev.shallowpi.method;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The greedy selection, for pools too large to enumerate: repeatedly add the candidate of least sensitivity per
 * unit of progress towards the budget, until the budget is met; then drop, most sensitive first, every chosen
 * candidate the budget can do without.
 *
 * <p>Progress is the drop in {@link Targets#unmet}: the normalised distance still to go on each target. With one
 * target that is the candidate's saving of the target's quantity (ReLUs or MACs), capped at what is still
 * missing, over the need; with a ReLU and a MAC target together the two fractions add up, so a candidate that
 * closes 10 % of the ReLU gap and 5 % of the MAC gap counts 0.15, and a target already met stops counting. A
 * candidate that moves away from a target (an EXACT merge adds MACs) loses progress there; one with no
 * positive progress is never taken. Savings are marginal, given what is chosen already, so merge chains are
 * costed as what they become.
 */
final class GreedySearch {
    private GreedySearch() {
    }

    static SearchOutcome run(SubsetCosts costs, Targets targets, double[] sensitivity) {
        int n = costs.size();
        boolean[] in = new boolean[n];
        if (addUntilMet(costs, targets, sensitivity, in)) {
            boolean[] chosen = prune(costs, targets, sensitivity, in);
            long relus = costs.relus(i -> chosen[i]);
            long macs = costs.macs(i -> chosen[i]);
            return new SearchOutcome(chosen, relus, macs, macs);
        }
        // What can be reached, for the message: all candidates for ReLUs; for MACs, every candidate that lowers
        // them, added while one does (from nothing, and from the greedy choice for the ReLU target alone).
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        long minRelus = costs.relus(i -> all[i]);
        long minMacs = lowerMacsWhileItPays(costs, new boolean[n]);
        long minMacsMeetingRelu = Long.MAX_VALUE;
        boolean[] reluOnly = new boolean[n];
        Targets reluTarget = targets.withoutMac();
        if (addUntilMet(costs, reluTarget, sensitivity, reluOnly)) {
            minMacsMeetingRelu = lowerMacsWhileItPays(costs, reluOnly);
        }
        return new SearchOutcome(null, minRelus, minMacs, minMacsMeetingRelu);
    }

    /** Adds candidates to {@code in} until the targets are met; false when no candidate makes progress. */
    private static boolean addUntilMet(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] in) {
        while (true) {
            long relus = costs.relus(i -> in[i]);
            long macs = costs.macs(i -> in[i]);
            if (targets.met(relus, macs)) {
                return true;
            }
            double unmet = targets.unmet(relus, macs);
            int best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            double bestProgress = 0;
            long bestMacs = 0;
            for (int c = 0; c < in.length; c++) {
                if (in[c]) {
                    continue;
                }
                in[c] = true;
                long macsWith = costs.macs(i -> in[i]);
                double progress = unmet - targets.unmet(costs.relus(i -> in[i]), macsWith);
                in[c] = false;
                if (progress <= 1e-12) {
                    continue;
                }
                // ties (equal sensitivities and savings) go to the larger progress, then to fewer MACs
                double score = sensitivity[c] / progress;
                if (score < bestScore || (score == bestScore && (progress > bestProgress
                        || (progress == bestProgress && macsWith < bestMacs)))) {
                    best = c;
                    bestScore = score;
                    bestProgress = progress;
                    bestMacs = macsWith;
                }
            }
            if (best < 0) {
                return false;
            }
            in[best] = true;
        }
    }

    /** Most sensitive first (ties: the later in the graph), drops each chosen candidate the budget can spare. */
    private static boolean[] prune(SubsetCosts costs, Targets targets, double[] sensitivity, boolean[] in) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -sensitivity[i]).thenComparing(i -> -i));
        for (int c : order) {
            in[c] = false;
            if (!targets.met(costs.relus(i -> in[i]), costs.macs(i -> in[i]))) {
                in[c] = true;
            }
        }
        return in;
    }

    /** Adds the candidate that lowers MACs most while one does; returns the MACs reached. */
    private static long lowerMacsWhileItPays(SubsetCosts costs, boolean[] in) {
        long macs = costs.macs(i -> in[i]);
        while (true) {
            int best = -1;
            long bestMacs = macs;
            for (int c = 0; c < in.length; c++) {
                if (!in[c]) {
                    in[c] = true;
                    long m = costs.macs(i -> in[i]);
                    in[c] = false;
                    if (m < bestMacs) {
                        best = c;
                        bestMacs = m;
                    }
                }
            }
            if (best < 0) {
                return macs;
            }
            in[best] = true;
            macs = bestMacs;
        }
    }
}
