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

    /** Bad input the method refused: its message, settings named by their flags. */
    public static UserError of(RuntimeException refused) {
        return new UserError(Flags.message(refused), refused);
    }
}
