package dev.shallowpi.cli;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.onnx.OnnxModel;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The flags that choose a model, shared by every command that takes one: a zoo architecture ({@code --model} and
 * its shape flags) or an ONNX file ({@code --onnx}), which brings its own layers, shape and weights.
 */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "NAME",
            description = "Architecture: ${COMPLETION-CANDIDATES}.", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--onnx", paramLabel = "FILE",
            description = "An ONNX model (opsets 11-21, e.g. exported by torch.onnx.export) instead of --model.")
    Path onnx;

    @Option(names = "--width", paramLabel = "W",
            description = "Width multiplier for every layer's channels (default: 1).")
    Double width;

    @Option(names = "--classes", paramLabel = "N",
            description = "Number of output classes (default: the dataset's, or 10).")
    Integer classes;

    @Option(names = "--input", paramLabel = "CxHxW",
            description = "Shape of one input sample (default: the dataset's images, or 3x32x32).")
    String input;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random initialisation (default: "
            + "${DEFAULT-VALUE}).")
    long seed;

    /** The chosen model, with the zoo defaults of 10 classes and 3x32x32 inputs. */
    ChosenModel choose() {
        return choose(10, Shape.of(3, 32, 32));
    }

    /**
     * Checks that exactly one of {@code --model} and {@code --onnx} is given, and that no zoo flag is given with
     * {@code --onnx}, then builds or reads the model. {@code defaultClasses} and {@code defaultInput} are what a
     * dataset implies for a zoo model.
     */
    ChosenModel choose(int defaultClasses, Shape defaultInput) {
        if (onnx != null && model != null) {
            throw new UserError("--model and --onnx are alternatives; give one");
        }
        if (onnx == null) {
            ModelSpec spec = spec(defaultClasses, defaultInput);
            return new ChosenModel(build(spec), AnalyzeCommand.describe(spec), AnalyzeCommand.title(spec), seed, false);
        }
        String zooOnly = width != null ? "--width" : classes != null ? "--classes" : input != null ? "--input" : null;
        if (zooOnly != null) {
            throw new UserError(zooOnly + " applies to --model only; an --onnx model has its own layers and shape");
        }
        OnnxModel m = OnnxModels.read(onnx, "--onnx");
        return new ChosenModel(m.graph(), OnnxModels.describe(m), OnnxModels.title(m), seed, true);
    }

    /** Checks the zoo flags, naming the one at fault, and makes the spec with the given defaults. */
    private ModelSpec spec(int defaultClasses, Shape defaultInput) {
        if (model == null) {
            throw new UserError("give --model NAME (" + String.join(", ", Zoo.names()) + ") or --onnx FILE");
        }
        if (!Zoo.has(model)) {
            throw new UserError("--model: unknown model '" + model + "'; known: " + String.join(", ", Zoo.names()));
        }
        double w = width == null ? 1.0 : width;
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new UserError("--width must be > 0, got " + w);
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
            if (shape.elements() > ModelSpec.MAX_INPUT_VALUES) {
                throw new UserError("--input " + input + ": at most " + ModelSpec.MAX_INPUT_VALUES
                        + " values a sample are supported");
            }
        }
        return new ModelSpec(model, w, n, shape, seed);
    }

    /** Builds the model; a shape that does not fit the architecture is the user's input at fault. */
    public static Graph build(ModelSpec spec) {
        try {
            return Zoo.build(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError("--model " + spec.name() + " (--width " + spec.width() + ", --classes "
                    + spec.classes() + ", --input " + spec.input() + "): " + e.getMessage());
        }
    }

    static final class ModelNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }
}
