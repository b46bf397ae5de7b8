package dev.shallowpi.results;

import java.util.List;

/**
 * What mask training did ({@code plan.json}'s {@code channelTraining}): the ReLU count at each check, where it
 * ended, the penalty, and the settling of the alphas onto their binarised masks.
 *
 * @param alphas how the alphas were kept in range, in words
 */
public record MaskTrainingLog(List<Check> checks, long steps, boolean reachedBudget, long reluCount,
                              double finalLambda, String loss, String alphas, Settling settling) {

    /** The ReLUs whose alpha passed the threshold after {@code step} steps, and the L1 weight then. */
    public record Check(long step, long relus, double lambda) {
    }

    /**
     * The settling phase: its steps, the final pull weight, and the largest distance of an alpha from its mask
     * before and after; {@code settled} when that ended small enough for binarising to change nothing that matters.
     */
    public record Settling(long steps, double finalMu, double largestAlphaErrorBefore, double largestAlphaErrorAfter,
                           boolean settled) {
    }
}
