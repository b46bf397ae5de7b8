package dev.shallowpi.engine;

import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Which runtime runs evaluation-mode forwards: the engine itself, or an {@link InferenceRuntime} found on the class
 * path. {@value #VARIABLE} chooses: {@code engine}, or a runtime's id ({@code onnxruntime}); unset means the first
 * runtime found, else the engine. ONNX Runtime is the default because it measured faster on every model tried
 * (BENCHMARKS.md, "Inference against PyTorch eager"): its CPU kernels fuse conv, bias and ReLU, where libtorch runs
 * each conv through oneDNN with a reorder in and out. Training forwards always run in the engine.
 */
public final class EvalRuntime {
    public static final String VARIABLE = "SHALLOWPI_INFERENCE";
    public static final String ENGINE = "engine";

    private static volatile InferenceRuntime chosen;
    private static volatile boolean resolved;

    private EvalRuntime() {
    }

    /** The runtime in use, or null for the engine. */
    public static InferenceRuntime current() {
        if (!resolved) {
            synchronized (EvalRuntime.class) {
                if (!resolved) {
                    chosen = find(System.getenv(VARIABLE));
                    resolved = true;
                }
            }
        }
        return chosen;
    }

    /** Refuses a bad {@value #VARIABLE} before any work (the CLI calls this first). */
    public static void checkEnvironment() {
        current();
    }

    /**
     * Uses {@code runtime} (null: the engine) until the returned handle is closed, then the previous choice again:
     * for tests and benchmarks that compare the two.
     */
    public static Scope use(InferenceRuntime runtime) {
        current();
        synchronized (EvalRuntime.class) {
            InferenceRuntime before = chosen;
            chosen = runtime;
            return () -> {
                synchronized (EvalRuntime.class) {
                    chosen = before;
                }
            };
        }
    }

    /** What {@link #use} returns: closing it puts the previous choice back. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The runtime of that id found on the class path (blank: the first one found, or null when there is none); null
     * for {@value #ENGINE}; any other id is refused, naming the ones there are.
     */
    public static InferenceRuntime find(String value) {
        String want = value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
        if (ENGINE.equals(want)) {
            return null;
        }
        StringBuilder known = new StringBuilder(ENGINE);
        for (InferenceRuntime r : ServiceLoader.load(InferenceRuntime.class)) {
            if (want == null || r.id().equals(want)) {
                return r;
            }
            known.append(", ").append(r.id());
        }
        if (want == null) {
            return null;
        }
        throw new IllegalArgumentException(VARIABLE + "=" + value + " is not a runtime here: use " + known);
    }
}
