package dev.shallowpi.data;

/** Per-channel {@code (pixel / 255 - mean) / std}. */
public record Normalization(double[] mean, double[] std) {
    public float apply(int channel, int pixel) {
        return (float) ((pixel / 255.0 - mean[channel]) / std[channel]);
    }
}
