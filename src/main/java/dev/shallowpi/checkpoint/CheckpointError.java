package dev.shallowpi.checkpoint;

/** A checkpoint that is missing, damaged or from something else; the message names the file. */
public class CheckpointError extends RuntimeException {
    public CheckpointError(String message) {
        super(message);
    }

    public CheckpointError(String message, Throwable cause) {
        super(message, cause);
    }
}
