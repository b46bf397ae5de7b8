package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;

/**
 * A training objective: the mean loss of a batch as a scalar array. It also sees the batch's inputs, so that
 * a distillation loss can run its teacher on them.
 */
public interface Loss {
    NDArray compute(NDArray logits, NDArray labels, NDArray inputs);

    /** A short description for logs and checkpoints. */
    String describe();
}
