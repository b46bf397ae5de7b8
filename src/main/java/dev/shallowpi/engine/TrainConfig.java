package dev.shallowpi.engine;

/**
 * Hyper-parameters of a training run. Defaults are the usual CIFAR recipe: SGD, momentum 0.9, weight decay
 * 5e-4 (not on BN parameters or biases), batch 128, cosine schedule after one warm-up epoch.
 */
public record TrainConfig(int epochs, int batchSize, double lr, double momentum, boolean nesterov,
                          double weightDecay, double warmupEpochs, double labelSmoothing, long seed) {
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be >= 2 (batch norm needs a batch), got " + batchSize);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warm-up epochs must be >= 0, got " + warmupEpochs);
        }
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
