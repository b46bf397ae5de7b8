package dev.shallowpi.fold;

/** A pass whose result does not compute what its input computed; the message names the node. */
public class FoldCheckException extends IllegalStateException {
    public FoldCheckException(String message) {
        super(message);
    }
}
