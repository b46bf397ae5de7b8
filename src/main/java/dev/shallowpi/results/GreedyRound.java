package dev.shallowpi.results;

/**
 * One round of the re-measured greedy selection ({@code --remeasure}): the ReLU committed, its score when it was
 * committed (KL on the student with the earlier rounds' ReLUs removed; the first round's is the teacher's), and how
 * many candidates that round's search chose in all, and the seconds the round's re-measurement took (0 for the last
 * round, which measures nothing), and whether the selection released it: the committed set may meet the budget
 * without some of them, whose ReLUs then stay (a plan written before this field reads as none released).
 */
public record GreedyRound(String relu, double score, int searchChose, double seconds, boolean released) {
}
