package dev.shallowpi.method.sensitivity;

import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.GatePenalty;
import dev.shallowpi.engine.LrSchedule;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.engine.Trainer;
import dev.shallowpi.ir.Graph;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.Map;

/**
 * Sensitivity by learnable gates (in the spirit of Layer Folding and SNL, per layer): every candidate ReLU
 * becomes {@code alpha * relu(x) + (1 - alpha) * x} with {@code alpha} starting at 1, and the model is trained
 * briefly with distillation from the teacher plus {@code lambda * sum(costShare * alpha)}, which pushes each
 * gate towards the identity in proportion to what removing that ReLU saves. A gate the loss lets fall is a ReLU
 * the network does not need; the final alpha is the sensitivity (lower is safer to remove).
 */
public final class GateSensitivity {
    private GateSensitivity() {
    }

    /** How long and how hard to train the gates. */
    public record Settings(int epochs, int batchSize, double lr, double lambda, Distill kd, long seed) {
        public Settings {
            if (!(lambda >= 0 && lambda < Double.POSITIVE_INFINITY)) {
                throw new SettingException(Setting.GATE_LAMBDA, " must be a finite number >= 0, got ", lambda);
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(1, 128, 0.01, 1.0, new Distill(4, 0.9), seed);
        }

        public double kdTemperature() {
            return kd.temperature();
        }

        public double kdWeight() {
            return kd.weight();
        }
    }

    /** The images the gates train on, as the training data prepares them. */
    public record Images(ImageSet images, Normalization norm, Augmentation aug) {
    }

    /**
     * @param costShare per candidate ReLU, the share of the model's cost its removal saves (e.g. its ReLUs over
     *                  the teacher's total); the keys are the gated ReLUs
     * @return final alpha per candidate ReLU, in the order of {@code costShare}
     */
    public static Map<String, Double> measure(Graph teacher, Map<String, Double> costShare, Images on, Settings s,
                                              StepListener listener) {
        ImageSet images = on.images();
        TrainConfig config = TrainConfig.fineTuning(s.epochs(), s.batchSize(), s.lr(), s.seed());
        try (EngineModel frozenTeacher = EngineModel.frozen(teacher);
             Trainer trainer = new Trainer(EngineModel.gated(teacher, costShare.keySet()), config,
                     m -> new GatePenalty(new Distillation(frozenTeacher, s.kdTemperature(), s.kdWeight()), m,
                             costShare, s.lambda()))) {
            int steps = trainer.stepsPerEpoch(images.size());
            if (steps == 0) {
                throw new IllegalArgumentException("gate training needs at least one batch of " + s.batchSize()
                        + " images, got " + images.size());
            }
            LrSchedule schedule = new LrSchedule(s.lr(), 0, (long) s.epochs() * steps);
            for (int e = 0; e < s.epochs(); e++) {
                trainer.trainEpoch(images, on.norm(), on.aug(), e, schedule, (long) e * steps, listener);
            }
            return trainer.model().gateValues();
        }
    }
}
