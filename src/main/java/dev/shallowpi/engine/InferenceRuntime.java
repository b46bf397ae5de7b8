package dev.shallowpi.engine;

import dev.shallowpi.ir.Graph;

/**
 * Another runtime that may run a model's evaluation-mode forwards in place of the engine, found with
 * {@link java.util.ServiceLoader} (the {@code onnx} package provides ONNX Runtime), so that the engine needs no
 * compile-time knowledge of it. {@link EvalRuntime} says which one is in use; every session it opens is checked
 * against the engine's own forward before its outputs count ({@link EvalSession}).
 */
public interface InferenceRuntime {
    /** The name {@code SHALLOWPI_INFERENCE} selects it by, e.g. {@code onnxruntime}. */
    String id();

    /** Name and version for reports and logs, e.g. {@code ONNX Runtime 1.20.0}. */
    String describe();

    /**
     * A session running the graph's evaluation-mode forward with the graph's weights on {@code threads} threads.
     *
     * @throws UnsupportedOperationException when this runtime cannot run the graph (the engine then runs it)
     */
    Session open(Graph graph, int threads);

    /** One loaded model. */
    interface Session extends AutoCloseable {
        /** The outputs of a batch given as flat NCHW floats of the given shape, flat, batch first. */
        float[] run(float[] input, long[] shape);

        @Override
        void close();
    }
}
