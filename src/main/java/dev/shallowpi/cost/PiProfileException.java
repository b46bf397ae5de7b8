package dev.shallowpi.cost;

/** A profile that cannot be used: the message names the file (or shipped profile) and the field at fault. */
public class PiProfileException extends IllegalArgumentException {
    public PiProfileException(String message) {
        super(message);
    }

    public PiProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
