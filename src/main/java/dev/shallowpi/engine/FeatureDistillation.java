package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import java.util.List;
import java.util.Locale;

/**
 * Logit distillation ({@link Distillation}) plus a block-wise term: for each pair of a student node and the
 * teacher node it replaces (a merged block's output and the teacher's value at the same point), the squared
 * difference over the teacher's mean square, {@code mean((s - t)^2) / mean(t^2)}, averaged over the pairs and
 * weighted by {@code weight}. Relative, so that a block with large activations does not outweigh the others, and
 * comparable across models: 1 is as far as predicting zeros. 0 exactly for a student equal to the teacher.
 *
 * <p>The student's block must tap the student nodes ({@link GraphBlock#tap}), in the order of the pairs; this loss
 * makes the teacher's block tap the teacher nodes and runs the teacher in the engine, where the taps are.
 */
public final class FeatureDistillation implements Loss {
    /** A student node and the teacher node whose value it should reproduce. */
    public record Pair(String student, String teacher) {
    }

    private final EngineModel teacher;
    private final Distillation logits;
    private final int pairs;
    private final double weight;

    public FeatureDistillation(EngineModel teacher, List<Pair> pairs, Distill kd, double weight) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("block-wise distillation needs at least one pair of nodes");
        }
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("block-wise distillation weight must be >= 0, got " + weight);
        }
        this.teacher = teacher;
        this.logits = new Distillation(teacher, kd.temperature(), kd.weight());
        this.pairs = pairs.size();
        this.weight = weight;
        teacher.block().tap(pairs.stream().map(Pair::teacher).toList());
    }

    /** The node names the student's block must tap, in order. */
    public static List<String> studentTaps(List<Pair> pairs) {
        return pairs.stream().map(Pair::student).toList();
    }

    @Override
    public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
        throw new IllegalStateException("block-wise distillation needs the student's tapped values");
    }

    @Override
    public NDArray compute(NDList outputs, NDArray labels, NDArray inputs) {
        if (outputs.size() != pairs + 1) {
            throw new IllegalStateException("block-wise distillation expects " + pairs + " tapped values, the student"
                    + " returned " + (outputs.size() - 1));
        }
        NDList t = teacher.forwardAll(inputs, false);
        NDArray loss = logits.fromTeacherLogits(t.head().stopGradient(), outputs.head(), labels);
        if (weight == 0) {
            return loss;
        }
        return loss.add(relativeError(outputs, t).mul((float) weight));
    }

    /** The block-wise term: the mean over the pairs of {@code mean((s - t)^2) / mean(t^2)}. */
    static NDArray relativeError(NDList student, NDList teacher) {
        NDArray sum = null;
        for (int i = 1; i < student.size(); i++) {
            NDArray t = teacher.get(i).stopGradient();
            NDArray err = student.get(i).sub(t).square().mean().div(t.square().mean().add(1e-12f));
            sum = sum == null ? err : sum.add(err);
        }
        return sum.div((float) (student.size() - 1));
    }

    @Override
    public String describe() {
        return logits.describe() + String.format(Locale.ROOT, " + block-wise distillation of %d blocks (weight %s)",
                pairs, weight);
    }
}
