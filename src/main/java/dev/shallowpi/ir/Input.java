package dev.shallowpi.ir;

/** A graph input: a name and the shape of one sample. */
public record Input(String name, Shape shape) {
    public Input {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input needs a name");
        }
    }
}
