package dev.shallowpi.method;

/**
 * A run's own file (plan, sensitivity, sweep summary) that is missing, unreadable, or of a schema version this
 * shallowpi does not read; the message names the file.
 */
public class RunFileException extends IllegalArgumentException {
    public RunFileException(String message) {
        super(message);
    }
}
