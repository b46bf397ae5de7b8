package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The deployed model checked against the trained student on every test image, both run in the engine: the largest
 * logit difference, the predictions that differ, both accuracies; the fold passes' own double-precision check; and
 * the deployed model's ReLUs against the most the budget allows. The HTML report states the first three.
 */
public record Verification(@JsonProperty(required = true) int images,
                           @JsonProperty(required = true) int predictionMismatches,
                           @JsonProperty(required = true) double maxAbsLogitDiff, double deployedTestAccuracy,
                           double studentTestAccuracy, double foldCheckMaxAbsDiff, double foldCheckMaxRelDiff,
                           BudgetCheck budget) {

    /** The deployed model's ReLUs, counted, and the most the budget allows (null: no ReLU target). */
    public record BudgetCheck(@JsonInclude(JsonInclude.Include.ALWAYS) Long allowedRelus, long relus) {
    }
}
