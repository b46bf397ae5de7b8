package dev.shallowpi.engine;

import java.util.Locale;

/**
 * Tells a diverging training from a noisy one, step by step. A NaN or infinite loss has diverged. So has a finite
 * loss three orders of magnitude above the epoch's mean so far (and above {@link #FLOOR}): in one seen run the epoch
 * mean went from 0.27 to 4e10 at a learning rate of 0.005, and training went on for three epochs into a model that
 * failed its own verification. Stopping at the jump keeps the last epoch's checkpoint for a rerun to continue from.
 * A loss that grows steadily (each step under 1000 times the mean, which it pulls up) passes within the epoch and is
 * caught in a later one: with {@code train --lr 50}, epoch 1's mean was 2e15, and epoch 2 stopped at its 10th step.
 * The floor keeps a model that fits its data almost exactly (a mean near 0) from stopping on an ordinary step.
 */
final class LossWatch {
    /** A step's loss this many times the epoch's mean so far has diverged. */
    static final double EXPLOSION = 1000;
    /** ... provided it is also above this: cross-entropy, and distillation's, are far below it once trained. */
    static final double FLOOR = 10;

    private LossWatch() {
    }

    /**
     * @param epochMean the mean loss over this epoch's earlier steps, NaN before the first
     * @throws TrainingDivergedException when {@code loss} says training diverged
     */
    static void check(int epoch, int step, double loss, double epochMean) {
        if (problem(loss, epochMean) != null) {
            throw diverged(epoch, step, loss, epochMean);
        }
    }

    /** The divergence a {@code loss} out of line stands for, at that epoch and step. */
    static TrainingDivergedException diverged(int epoch, int step, double loss, double epochMean) {
        return Double.isFinite(loss) ? TrainingDivergedException.exploded(epoch, step, loss, epochMean)
                : TrainingDivergedException.nonFinite(epoch, step, loss);
    }

    /** What is wrong with {@code loss}, in words, or null when nothing is. */
    static String problem(double loss, double epochMean) {
        if (!Double.isFinite(loss)) {
            return "loss became " + loss;
        }
        if (loss > FLOOR && loss > EXPLOSION * epochMean) {
            return String.format(Locale.ROOT, "loss jumped to %.4g from a mean of %.4g over the epoch's earlier steps",
                    loss, epochMean);
        }
        return null;
    }
}
