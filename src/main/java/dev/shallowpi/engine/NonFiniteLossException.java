package dev.shallowpi.engine;

/** The loss became NaN or infinite: training cannot go on from this state. */
public class NonFiniteLossException extends RuntimeException {
    public NonFiniteLossException(int epoch, int step, double loss) {
        super("loss became " + loss + " at epoch " + epoch + ", step " + step
                + " (learning rate too high, or bad data?)");
    }
}
