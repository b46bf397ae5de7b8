package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;

/**
 * Knowledge distillation (Hinton et al.): {@code weight * T^2 * KL(softmax(t / T) || softmax(s / T))
 * + (1 - weight) * CE(s, labels)}, with the teacher run in evaluation mode on the same inputs. The {@code T^2}
 * keeps the soft term's gradients on the scale of the hard one's.
 */
public final class Distillation implements Loss {
    private final EngineModel teacher;
    private final double temperature;
    private final double weight;

    public Distillation(EngineModel teacher, double temperature, double weight) {
        new Distill(temperature, weight); // the same checks as the settings
        this.teacher = teacher;
        this.temperature = temperature;
        this.weight = weight;
    }

    @Override
    public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
        return fromTeacherLogits(teacher.forward(inputs, false).stopGradient(), logits, labels);
    }

    /** The same loss with the teacher's logits for the batch already computed. */
    NDArray fromTeacherLogits(NDArray t, NDArray logits, NDArray labels) {
        NDArray ce = CrossEntropy.of(logits, labels, 0);
        if (weight == 0) {
            return ce;
        }
        // float factors: DJL turns a 0-dim float32 times a Java double into float64
        NDArray kl = klDivergence(t, logits, temperature).mul((float) (temperature * temperature));
        return kl.mul((float) weight).add(ce.mul((float) (1 - weight)));
    }

    /** Mean over the batch of KL(softmax(p / T) || softmax(q / T)), from logits. */
    public static NDArray klDivergence(NDArray p, NDArray q, double temperature) {
        NDArray logP = p.div((float) temperature).logSoftmax(1);
        NDArray logQ = q.div((float) temperature).logSoftmax(1);
        return logP.exp().mul(logP.sub(logQ)).sum(new int[] {1}).mean();
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "distillation (T=%s, KD weight %s, rest cross-entropy)",
                temperature, weight);
    }
}
