package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * One model's evaluation-mode forwards in the {@link InferenceRuntime} of {@link EvalRuntime}. A session is loaded
 * with the block's current weights and reloaded when they may have changed (after any training forward, as
 * {@link EvalBatchNormFold} drops its folds); the first batch of every loaded session also runs in the engine, and
 * when the two differ beyond {@link #TOLERANCE} the model goes back to the engine for good, with a notice on stderr:
 * another runtime's numbers never count unchecked. Models with gates (masks, learnable blends) and graphs the runtime
 * refuses run in the engine.
 */
final class EvalSession implements AutoCloseable {
    /**
     * Largest difference tolerated between the runtime's and the engine's outputs on the checked batch: absolute up
     * to 1 in magnitude, relative to the largest output beyond (both are float32; they differ by summation order,
     * a few units in the last place, as ONNX Runtime against the exact result in {@code onnx.RuntimeCheck}).
     */
    static final double TOLERANCE = 1e-4;

    private final GraphBlock block;
    private InferenceRuntime.Session session;
    private InferenceRuntime loadedBy;
    private long loadedAt = -1;
    private InferenceRuntime refusedBy;
    private InferenceRuntime lastRunBy;
    private boolean engineOnly;

    EvalSession(GraphBlock block) {
        this.block = block;
    }

    /**
     * The evaluation-mode output of {@code x} from the runtime in use, or null when the engine is to run it.
     * {@code engine} runs the engine's own forward, for the check.
     */
    NDArray forward(NDArray x, UnaryOperator<NDArray> engine) {
        InferenceRuntime runtime = EvalRuntime.current();
        lastRunBy = null;
        if (runtime == null || engineOnly || runtime == refusedBy || !block.gates().isEmpty()
                || block.graph().inputs().size() != 1) {
            return null;
        }
        boolean fresh = false;
        if (session == null || runtime != loadedBy || loadedAt != block.weightsVersion()) {
            close();
            try {
                session = runtime.open(block.toGraph(), JniUtils.getNumThreads());
            } catch (UnsupportedOperationException refused) {
                refusedBy = runtime;
                return null;
            }
            loadedBy = runtime;
            loadedAt = block.weightsVersion();
            fresh = true;
        }
        long[] shape = x.getShape().getShape();
        float[] out = session.run(x.toFloatArray(), shape);
        if (fresh) {
            NDArray mine = engine.apply(x);
            String differs = difference(out, mine.toFloatArray());
            if (differs != null) {
                close();
                refusedBy = runtime;
                System.err.println("shallowpi: note: " + runtime.describe() + " computes another model than the engine"
                        + " (" + differs + "); this model is evaluated in the engine");
                return mine;
            }
        }
        lastRunBy = runtime;
        return x.getManager().create(out, block.getOutputShapes(new Shape[] {x.getShape()})[0]);
    }

    /** From now on every evaluation forward of this model runs in the engine. */
    void engineOnly() {
        engineOnly = true;
        close();
    }

    /** The runtime that ran the last evaluation forward, or null when the engine did. */
    InferenceRuntime lastRunBy() {
        return lastRunBy;
    }

    /** Why the runtime's outputs are not the engine's, or null when they agree within {@link #TOLERANCE}. */
    static String difference(float[] runtime, float[] engine) {
        if (runtime.length != engine.length) {
            return runtime.length + " outputs where the engine gives " + engine.length;
        }
        double diff = 0;
        double scale = 1;
        for (int i = 0; i < engine.length; i++) {
            if (Float.compare(runtime[i], engine[i]) == 0) {
                continue; // equal, including the same infinity or NaN of a diverged model
            }
            diff = Math.max(diff, Math.abs((double) runtime[i] - engine[i]));
            scale = Math.max(scale, Math.abs(engine[i]));
        }
        return diff <= TOLERANCE * scale ? null : String.format(Locale.ROOT, "outputs differ by %.2e, tolerance %.1e",
                diff, TOLERANCE * scale);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
