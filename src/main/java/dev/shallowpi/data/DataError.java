package dev.shallowpi.data;

/** A dataset file that is missing, truncated or not what its name says; the message names the file. */
public class DataError extends RuntimeException {
    public DataError(String message) {
        super(message);
    }

    public DataError(String message, Throwable cause) {
        super(message, cause);
    }
}
