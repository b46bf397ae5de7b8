package dev.shallowpi.engine;

/** Top-1 accuracy in [0, 1] and mean cross-entropy over a whole set. */
public record EvalStats(double accuracy, double loss, int images) {
}
