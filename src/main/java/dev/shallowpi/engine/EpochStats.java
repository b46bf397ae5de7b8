package dev.shallowpi.engine;

import java.util.List;

/**
 * Running means of one training epoch, and the steps computed again from the state before them (each said in
 * words, with its epoch and step), in order.
 */
public record EpochStats(int epoch, double loss, double accuracy, int images, double seconds, double lastLr,
                         List<String> recomputedSteps) {
    public EpochStats {
        recomputedSteps = List.copyOf(recomputedSteps);
    }

    public double imagesPerSecond() {
        return images / Math.max(seconds, 1e-9);
    }
}
