package dev.shallowpi.method.selection;

/**
 * What a search found: the chosen pool members (null when no subset it tried meets the budget), and the best
 * values it saw, for the message that says what can be reached. From the exact search these are the true
 * optima; from the greedy search, what it reached (when it succeeded, simply the chosen subset's values).
 *
 * @param minRelus           fewest ReLUs left (every pool candidate removed)
 * @param minMacs            fewest MACs left by any selection seen
 * @param minMacsMeetingRelu fewest MACs left by a selection that meets the ReLU target ({@code Long.MAX_VALUE}
 *                           when none does)
 * @param minLatency         least estimated online latency seen (infinite without a latency target)
 */
record SearchOutcome(boolean[] chosen, long minRelus, long minMacs, long minMacsMeetingRelu, double minLatency) {
}
