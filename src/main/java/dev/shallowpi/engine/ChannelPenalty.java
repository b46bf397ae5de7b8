package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SNL's mask-training objective on the per-channel gates of a gated model ({@link EngineModel#gated}): a loss plus
 * {@code lambda * sum(weight * |alpha|)}, the L1 that drives channels towards the identity in proportion to the
 * ReLUs they stand for, plus {@code mu * sum((alpha - target)^2)}, the pull that settles every alpha on the 0 or 1
 * it is binarised to. Both weights are read at every step, so a caller may change them between steps (lambda grows
 * when the count stalls; mu ramps up while the alphas settle).
 */
public final class ChannelPenalty implements Loss {
    private final Loss base;
    private final EngineModel model;
    private final Map<String, Double> weights;
    private double lambda;
    private double mu;
    private Map<String, float[]> targets = Map.of();

    /** @param weights per gated ReLU node, the weight of its channels' alphas in the L1 */
    public ChannelPenalty(Loss base, EngineModel model, Map<String, Double> weights, double lambda) {
        GatePenalty.requireGates(model, weights.keySet());
        this.base = base;
        this.model = model;
        this.weights = Map.copyOf(weights);
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    public void setLambda(double lambda) {
        this.lambda = lambda;
    }

    /** From the next step on, pulls each gate's alphas towards {@code targets}, with the weight {@link #setMu}. */
    public void pullTowards(Map<String, float[]> targets) {
        GatePenalty.requireGates(model, targets.keySet());
        this.targets = new LinkedHashMap<>(targets);
    }

    public void setMu(double mu) {
        this.mu = mu;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
        NDArray loss = base.compute(logits, labels, inputs);
        NDManager step = loss.getManager();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            if (lambda == 0) {
                break;
            }
            NDArray abs = model.block().gates().get(e.getKey()).getArray().abs();
            // made from a long-lived parameter, the result would belong to the model's manager and leak an array a
            // step; once it is the step's, what is computed from it is too, and all go with the step
            abs.attach(step);
            loss = loss.add(abs.sum().mul((float) (lambda * e.getValue())));
        }
        if (mu > 0) {
            for (Map.Entry<String, float[]> e : targets.entrySet()) {
                NDArray alpha = model.block().gates().get(e.getKey()).getArray();
                NDArray target = step.create(e.getValue()).reshape(alpha.getShape());
                NDArray diff = alpha.sub(target);
                diff.attach(step);
                loss = loss.add(diff.square().sum().mul((float) mu));
            }
        }
        return loss;
    }

    @Override
    public String describe() {
        return base.describe() + " + lambda * sum(share of ReLUs * |channel alpha|), then mu * sum((alpha - "
                + "binarised alpha)^2) while the alphas settle";
    }
}
