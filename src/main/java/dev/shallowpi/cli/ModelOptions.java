package dev.shallowpi.cli;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import picocli.CommandLine.Option;

/** The flags that choose and build a zoo model, shared by every command that takes a model. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "NAME",
            description = "Architecture: ${COMPLETION-CANDIDATES}.", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "W",
            description = "Width multiplier for every layer's channels (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--classes", defaultValue = "10", paramLabel = "N",
            description = "Number of output classes (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--input", defaultValue = "3x32x32", paramLabel = "CxHxW",
            description = "Shape of one input sample (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random initialisation (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    /** Checks the flags, naming the one at fault, and builds the spec. */
    public ModelSpec spec() {
        if (!Zoo.has(model)) {
            throw new UserError("--model: unknown model '" + model + "'; known: " + String.join(", ", Zoo.names()));
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new UserError("--width must be > 0, got " + width);
        }
        if (classes < 1) {
            throw new UserError("--classes must be >= 1, got " + classes);
        }
        Shape shape;
        try {
            shape = Shape.parse(input);
        } catch (IllegalArgumentException e) {
            throw new UserError("--input: " + e.getMessage());
        }
        if (shape.rank() != 3) {
            throw new UserError("--input must be CxHxW (three dimensions), got '" + input + "'");
        }
        return new ModelSpec(model, width, classes, shape, seed);
    }

    /** Builds the model; a shape that does not fit the architecture is the user's input at fault. */
    public Graph build() {
        ModelSpec spec = spec();
        try {
            return Zoo.build(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError("--model " + model + " with --input " + input + " --width " + width + ": "
                    + e.getMessage());
        }
    }

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }
}
