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

    @Option(names = "--classes", paramLabel = "N",
            description = "Number of output classes (default: the dataset's, or 10).")
    Integer classes;

    @Option(names = "--input", paramLabel = "CxHxW",
            description = "Shape of one input sample (default: the dataset's images, or 3x32x32).")
    String input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random initialisation (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    /** Checks the flags, naming the one at fault, and builds the spec (defaults: 10 classes, 3x32x32). */
    public ModelSpec spec() {
        return spec(10, Shape.of(3, 32, 32));
    }

    /** As {@link #spec()}, with the defaults a dataset implies. */
    public ModelSpec spec(int defaultClasses, Shape defaultInput) {
        if (!Zoo.has(model)) {
            throw new UserError("--model: unknown model '" + model + "'; known: " + String.join(", ", Zoo.names()));
        }
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new UserError("--width must be > 0, got " + width);
        }
        int n = classes == null ? defaultClasses : classes;
        if (n < 1) {
            throw new UserError("--classes must be >= 1, got " + n);
        }
        Shape shape = defaultInput;
        if (input != null) {
            try {
                shape = Shape.parse(input);
            } catch (IllegalArgumentException e) {
                throw new UserError("--input: " + e.getMessage());
            }
            if (shape.rank() != 3) {
                throw new UserError("--input must be CxHxW (three dimensions), got '" + input + "'");
            }
        }
        return new ModelSpec(model, width, n, shape, seed);
    }

    /** Builds the model; a shape that does not fit the architecture is the user's input at fault. */
    public static Graph build(ModelSpec spec) {
        try {
            return Zoo.build(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError("--model " + spec.name() + " with --input " + spec.input() + " --width "
                    + spec.width() + ": " + e.getMessage());
        }
    }

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }
}
