package dev.shallowpi.fold;

/**
 * A fold or merge that would not reproduce the original layers exactly, borders included. The algebra throws
 * it instead of returning an approximation; graph passes catch it, leave the nodes alone and report the
 * reason.
 */
public class NotExactException extends RuntimeException {
    public NotExactException(String reason) {
        super(reason);
    }
}
