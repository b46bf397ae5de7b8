package dev.shallowpi.method;

import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.results.GreedyRound;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;

import java.util.List;

/**
 * The sensitivity of every candidate and the selection they lead to.
 *
 * @param rounds the re-measured greedy selection's rounds ({@code --remeasure}); empty for one search
 */
record Planned(Sensitivity sensitivity, SelectionResult selection, List<GreedyRound> rounds) {
    Planned(Sensitivity sensitivity, SelectionResult selection) {
        this(sensitivity, selection, List.of());
    }

    /** The plan of this selection ({@link Planning#of}), with the greedy rounds when there were any. */
    Plan.Builder describe(ShallowSettings s) {
        Plan.Builder plan = Planning.of(selection, s);
        return rounds.isEmpty() ? plan : plan.greedyRounds(rounds);
    }
}
