package dev.shallowpi.method;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Gate;
import dev.shallowpi.engine.Loss;
import dev.shallowpi.engine.LrSchedule;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.engine.Trainer;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SNL's mask training (REFERENCE.md section 3), per channel: every ReLU node gets a learnable alpha per channel
 * ({@code alpha * relu(x) + (1 - alpha) * x}, starting at 1), and weights and alphas train together with
 * distillation from the teacher plus {@code lambda * sum(w * |alpha|)}, where {@code w} is the channel's share of
 * ReLUs (its map's size over the largest map's), so that the penalty, like SNL's per-pixel one, weighs each alpha
 * by the ReLUs it stands for. A channel counts while {@code |alpha| > threshold}. Every {@code 1/checksPerEpoch}
 * of an epoch the count is taken: when it has not fallen since the last check, lambda grows by {@code growth}; when
 * it is within the budget, training stops. The rate is constant, as the phase ends on the count, not on a step.
 * {@link ChannelSelection} then binarises the alphas.
 */
public final class ChannelTraining {
    private ChannelTraining() {
    }

    /**
     * @param epochs         the most epochs to train (the phase ends earlier when the count meets the budget)
     * @param lr             SGD rate for weights and alphas (momentum 0.9)
     * @param lambda         the penalty's starting weight
     * @param growth         factor on lambda when the count stalls (SNL: 1.1)
     * @param threshold      a channel counts while its |alpha| exceeds this (SNL: 1e-2)
     * @param checksPerEpoch how often an epoch the count is taken
     */
    public record Settings(int epochs, double lr, double lambda, double growth, double threshold, int checksPerEpoch) {
        public Settings {
            if (epochs < 1) {
                throw new IllegalArgumentException("--mask-epochs must be >= 1, got " + epochs);
            }
            if (!(lr > 0)) {
                throw new IllegalArgumentException("--mask-lr must be > 0, got " + lr);
            }
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("--mask-lambda must be > 0, got " + lambda);
            }
            if (!(growth >= 1) || !(threshold > 0) || checksPerEpoch < 1) {
                throw new IllegalArgumentException("mask training needs growth >= 1, threshold > 0 and a check an "
                        + "epoch at least");
            }
        }

        public static Settings defaults() {
            return new Settings(5, 0.01, 0.01, 1.1, 1e-2, 10);
        }
    }

    /** The trained graph (weights), its alphas per ReLU node, and what happened ({@code log}). */
    public record Result(Graph graph, Map<String, float[]> alphas, ObjectNode log) {
    }

    /**
     * Trains the alphas of every ReLU node of {@code student} towards at most {@code allowed} ReLUs.
     *
     * @param base batch size and seed of the run (its other settings are the fine-tuning's)
     */
    public static Result train(Graph student, EngineModel teacher, long allowed, TrainingRun.Data data, Settings s,
                               TrainConfig base, double kdTemperature, double kdWeight,
                               ShallowPipeline.Listener listener) {
        Map<String, Gate> gates = new LinkedHashMap<>();
        Map<String, Double> weight = new LinkedHashMap<>();
        Map<String, Long> plane = new LinkedHashMap<>();
        long largest = 1;
        for (Node n : student.nodes()) {
            if (n.op() instanceof Relu) {
                int c = student.shape(n.name()).dim(0);
                plane.put(n.name(), student.shape(n.name()).elements() / c);
                largest = Math.max(largest, plane.get(n.name()));
                gates.put(n.name(), Gate.channels(c));
            }
        }
        for (Map.Entry<String, Long> e : plane.entrySet()) {
            weight.put(e.getKey(), (double) e.getValue() / largest);
        }
        TrainConfig config = new TrainConfig(s.epochs(), base.batchSize(), s.lr(), 0.9, false, 5e-4, 0, 0,
                base.seed());
        Penalty[] penalty = new Penalty[1];
        try (Trainer trainer = new Trainer(EngineModel.gated(student, gates), config, m -> {
            penalty[0] = new Penalty(new Distillation(teacher, kdTemperature, kdWeight), m, weight, s.lambda());
            return penalty[0];
        })) {
            int steps = trainer.stepsPerEpoch(data.train().size());
            if (steps == 0) {
                throw new IllegalArgumentException("mask training needs at least one batch of " + base.batchSize()
                        + " images, got " + data.train().size());
            }
            int interval = Math.max(1, steps / s.checksPerEpoch());
            ObjectNode log = Checkpoint.json().createObjectNode();
            ArrayNode checks = log.putArray("checks");
            long[] last = {alive(trainer.model(), plane, s.threshold())};
            long[] step = {0};
            boolean[] reached = {last[0] <= allowed};
            listener.message(String.format(Locale.ROOT, "mask training: %d ReLUs to at most %d, lambda %.3g, up to "
                    + "%d epochs", last[0], allowed, s.lambda(), s.epochs()));
            LrSchedule schedule = LrSchedule.constant(s.lr());
            for (int e = 0; e < s.epochs() && !reached[0]; e++) {
                trainer.trainEpoch(data.train(), data.normalization(), data.augmentation(), e, schedule,
                        (long) e * steps, listener.gateSteps(), () -> {
                            if (++step[0] % interval != 0) {
                                return false;
                            }
                            long count = alive(trainer.model(), plane, s.threshold());
                            checks.addObject().put("step", step[0]).put("relus", count)
                                    .put("lambda", penalty[0].lambda);
                            if (count <= allowed) {
                                reached[0] = true;
                                return true;
                            }
                            if (count >= last[0]) {
                                penalty[0].lambda *= s.growth();
                            }
                            last[0] = count;
                            return false;
                        });
                listener.message(String.format(Locale.ROOT, "  mask epoch %d: %d ReLUs with |alpha| > %s, lambda "
                        + "%.3g", e + 1, alive(trainer.model(), plane, s.threshold()), s.threshold(),
                        penalty[0].lambda));
            }
            long finalCount = alive(trainer.model(), plane, s.threshold());
            log.put("steps", step[0]);
            log.put("reachedBudget", finalCount <= allowed);
            log.put("reluCount", finalCount);
            log.put("finalLambda", penalty[0].lambda);
            log.put("loss", penalty[0].describe());
            return new Result(trainer.model().toGraph(), trainer.model().gateArrays(), log);
        }
    }

    /** ReLUs of the channels whose |alpha| exceeds the threshold. */
    static long alive(EngineModel model, Map<String, Long> plane, double threshold) {
        long total = 0;
        for (Map.Entry<String, float[]> e : model.gateArrays().entrySet()) {
            for (float a : e.getValue()) {
                total += Math.abs(a) > threshold ? plane.get(e.getKey()) : 0;
            }
        }
        return total;
    }

    /** Distillation plus the weighted L1 of the alphas; lambda is read at every step, so it may grow between them. */
    private static final class Penalty implements Loss {
        private final Loss base;
        private final EngineModel model;
        private final Map<String, Double> weight;
        private double lambda;

        Penalty(Loss base, EngineModel model, Map<String, Double> weight, double lambda) {
            this.base = base;
            this.model = model;
            this.weight = weight;
            this.lambda = lambda;
        }

        @Override
        public NDArray compute(NDArray logits, NDArray labels, NDArray inputs) {
            NDArray loss = base.compute(logits, labels, inputs);
            for (Map.Entry<String, Double> e : weight.entrySet()) {
                NDArray abs = model.block().gates().get(e.getKey()).getArray().abs();
                // made from a long-lived parameter, the result would belong to the model's manager and leak an array
                // a step; once it is the step's, what is computed from it is too, and all go with the step
                abs.attach(loss.getManager());
                loss = loss.add(abs.sum().mul((float) (lambda * e.getValue())));
            }
            return loss;
        }

        @Override
        public String describe() {
            return base.describe() + " + lambda * sum(share of ReLUs * |channel alpha|)";
        }
    }
}
