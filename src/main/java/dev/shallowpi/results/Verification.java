package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The deployed model checked against the trained student on every test image, both run in the engine: the largest
 * logit difference, the predictions that differ, both accuracies; the fold passes' own double-precision check; and
 * the deployed model's ReLUs against the most the budget allows.
 */
public record Verification(int images, int predictionMismatches, double maxAbsLogitDiff, double deployedTestAccuracy,
                           double studentTestAccuracy, double foldCheckMaxAbsDiff, double foldCheckMaxRelDiff,
                           BudgetCheck budget) {

    /** The deployed model's ReLUs, counted, and the most the budget allows (null: no ReLU target). */
    public record BudgetCheck(@JsonInclude(JsonInclude.Include.ALWAYS) Long allowedRelus, long relus) {
    }
}
