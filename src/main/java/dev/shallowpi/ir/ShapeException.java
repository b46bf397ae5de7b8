package dev.shallowpi.ir;

/** A graph whose shapes do not fit together; the message names the node. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
