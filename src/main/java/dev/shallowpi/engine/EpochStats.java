package dev.shallowpi.engine;

/** Running means of one training epoch. */
public record EpochStats(int epoch, double loss, double accuracy, int images, double seconds, double lastLr) {
    public double imagesPerSecond() {
        return images / Math.max(seconds, 1e-9);
    }
}
