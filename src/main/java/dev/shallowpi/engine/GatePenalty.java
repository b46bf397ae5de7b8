package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * A loss plus {@code lambda * sum(weight * alpha)} over the learnable ReLU gates of a gated model
 * ({@link EngineModel#gated}): the penalty that pushes each gate towards the identity in proportion to what
 * removing its ReLU saves.
 */
public final class GatePenalty implements Loss {
    private final Loss base;
    private final EngineModel model;
    private final Map<String, Double> weights;
    private final double lambda;

    /** @param weights per gated ReLU node, the weight of its gate in the penalty */
    public GatePenalty(Loss base, EngineModel model, Map<String, Double> weights, double lambda) {
        requireGates(model, weights.keySet());
        this.base = base;
        this.model = model;
        this.weights = Map.copyOf(weights);
        this.lambda = lambda;
    }

    /** Refuses, naming it, a ReLU without a gate in {@code model}: a penalty on it would silently be zero. */
    static void requireGates(EngineModel model, Iterable<String> relus) {
        for (String relu : relus) {
            if (!model.block().gates().containsKey(relu)) {
                throw new IllegalArgumentException("no gate on ReLU '" + relu + "'");
            }
        }
    }

    @Override
    public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
        NDArray loss = base.compute(logits, labels, inputs);
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            NDArray alpha = model.block().gates().get(e.getKey()).getArray();
            NDArray scaled = alpha.mul((float) (lambda * e.getValue()));
            NDArray term = scaled.sum();
            // made from a long-lived parameter, both would belong to the model's manager and leak two arrays a step;
            // the step's manager frees them with the rest of the step
            scaled.attach(loss.getManager());
            term.attach(loss.getManager());
            loss = loss.add(term);
        }
        return loss;
    }

    @Override
    public String describe() {
        return base.describe() + " + " + lambda + " * sum(cost share * gate)";
    }
}
