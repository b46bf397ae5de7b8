package dev.shallowpi.engine;

/** Told after every training step; a progress bar implements it. */
public interface StepListener {
    StepListener NONE = (step, steps, loss, accuracy, imagesPerSecond) -> { };

    /** {@code loss} and {@code accuracy} are running means over the epoch so far. */
    void onStep(int step, int steps, double loss, double accuracy, double imagesPerSecond);

    /** A step's loss or gradients were out of line, and it is computed again ({@code what} says which, in words). */
    default void stepRecomputed(String what) {
    }
}
