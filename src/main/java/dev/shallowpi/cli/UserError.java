package dev.shallowpi.cli;

/**
 * Bad input from the user (a flag, a file, a node name): reported as one line with exit code 2, never with
 * a stack trace unless {@code --verbose} is given.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
