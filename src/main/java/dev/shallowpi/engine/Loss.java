package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;

/**
 * A training objective: the mean loss of a batch as a scalar array. It also sees the batch's inputs, so that
 * a distillation loss can run its teacher on them.
 */
public interface Loss {
    NDArray compute(NDArray logits, NDArray labels, NDArray inputs);

    /**
     * The same from everything the model's forward returned: the logits first, then the values its block taps (a
     * block-wise distillation reads them). By default the logits alone.
     */
    default NDArray compute(ai.djl.ndarray.NDList outputs, NDArray labels, NDArray inputs) {
        return compute(outputs.head(), labels, inputs);
    }

    /** A short description for logs and checkpoints. */
    String describe();
}
