package dev.shallowpi.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training diverged: the loss became NaN or infinite, or jumped far above the epoch's mean so far. Either way the
 * weights are already damaged, and training cannot go on from this state; the last complete epoch's checkpoint is
 * kept (damaged too when the loss grew steadily through that epoch, no step far above its mean).
 */
public class TrainingDivergedException extends RuntimeException {
    private TrainingDivergedException(String message) {
        super(message);
    }

    /** The loss is NaN or infinite. */
    public static TrainingDivergedException nonFinite(int epoch, int step, double loss) {
        String cause = TrainingLayout.fromEnvironment() == TrainingLayout.NCHW
                ? " (learning rate too high, bad data, or " + TrainingLayout.VARIABLE + "=nchw: on some CPUs NCHW "
                        + "gives NaN gradients to convs of fewer than 16 channels; unset it to train channels-last)"
                : " (learning rate too high, or bad data?)";
        return new TrainingDivergedException("loss became " + loss + " at epoch " + epoch + ", step " + step + cause);
    }

    /**
     * The epoch diverged every time it ran again from the checkpoint before it ({@code earlier}, then {@code last}):
     * the same weights, optimizer state and batches, so the divergence is the run's own.
     */
    public static TrainingDivergedException repeated(List<String> earlier, TrainingDivergedException last) {
        List<String> tries = new ArrayList<>(earlier);
        tries.add(last.getMessage());
        return new TrainingDivergedException(tries.get(0) + "; run again from the last checkpoint, the epoch "
                + "diverged again (" + String.join("; ", tries.subList(1, tries.size())) + ")");
    }

    /** The step's gradients are not finite ({@code problem}), though its loss is. */
    public static TrainingDivergedException gradient(int epoch, int step, String problem) {
        return new TrainingDivergedException(problem + " at epoch " + epoch + ", step " + step + ": training diverged");
    }

    /** {@code e} came again each of the {@code times} the step was computed again from the state before it. */
    public static TrainingDivergedException afterRecomputing(TrainingDivergedException e, int times) {
        return new TrainingDivergedException(e.getMessage() + " (and again each of the " + times + " times the step "
                + "was computed again from the state before it)");
    }

    /** The loss is finite but {@link LossWatch#EXPLOSION} times the epoch's mean so far, or more. */
    public static TrainingDivergedException exploded(int epoch, int step, double loss, double epochMean) {
        return new TrainingDivergedException(String.format(Locale.ROOT, "loss jumped to %.4g at epoch %d, step %d, "
                + "from a mean of %.4g over the epoch's earlier steps: training diverged", loss, epoch, step,
                epochMean));
    }
}
