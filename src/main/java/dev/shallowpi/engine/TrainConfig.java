package dev.shallowpi.engine;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

/**
 * Hyper-parameters of a training run. Defaults are the usual CIFAR recipe: SGD, momentum 0.9, weight decay
 * 5e-4 (not on BN parameters or biases), batch 128, cosine schedule after one warm-up epoch.
 */
public record TrainConfig(int epochs, int batchSize, double lr, double momentum, boolean nesterov,
                          double weightDecay, double warmupEpochs, double labelSmoothing, long seed) {
    public TrainConfig {
        require(epochs >= 1, Setting.EPOCHS, " must be >= 1, got ", epochs);
        require(batchSize >= 2, Setting.BATCH_SIZE, " must be >= 2 (batch norm needs a batch), got ", batchSize);
        // written so that NaN fails each test
        require(lr > 0 && Double.isFinite(lr), Setting.LR, " must be a finite number > 0, got ", lr);
        require(momentum >= 0 && momentum < 1, Setting.MOMENTUM, " must be in [0, 1), got ", momentum);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), Setting.WEIGHT_DECAY,
                " must be a finite number >= 0, got ", weightDecay);
        require(labelSmoothing >= 0 && labelSmoothing < 1, Setting.LABEL_SMOOTHING, " must be in [0, 1), got ",
                labelSmoothing);
        require(warmupEpochs >= 0 && Double.isFinite(warmupEpochs), Setting.WARMUP_EPOCHS,
                " must be a finite number >= 0, got ", warmupEpochs);
    }

    private static void require(boolean holds, Setting setting, String rule, Object value) {
        if (!holds) {
            throw new SettingException(setting, rule, value);
        }
    }

    /** The same recipe for another number of epochs (its schedule then spans those). */
    public TrainConfig withEpochs(int n) {
        return new TrainConfig(n, batchSize, lr, momentum, nesterov, weightDecay, warmupEpochs, labelSmoothing, seed);
    }

    /** SGD's momentum in every recipe here. */
    public static final double MOMENTUM = 0.9;
    /** Weight decay on conv and linear weights in every recipe here. */
    public static final double WEIGHT_DECAY = 5e-4;

    public static TrainConfig defaults(int epochs, long seed) {
        return new TrainConfig(epochs, 128, 0.1, MOMENTUM, false, WEIGHT_DECAY, 1, 0, seed);
    }

    /**
     * Fine-tuning and the method's short trainings (gates, channel masks): momentum and weight decay as above, no
     * Nesterov, no warm-up, no label smoothing.
     */
    public static TrainConfig fineTuning(int epochs, int batchSize, double lr, long seed) {
        return new TrainConfig(epochs, batchSize, lr, MOMENTUM, false, WEIGHT_DECAY, 0, 0, seed);
    }
}
