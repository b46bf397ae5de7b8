package dev.shallowpi.data;

/** A batch ready for the engine: normalised {@code [n, C, H, W]} floats and labels. */
public record Batch(float[] images, int[] labels, int size) {
}
