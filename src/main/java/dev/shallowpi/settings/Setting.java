package dev.shallowpi.settings;

/**
 * The settings a user gives the method, by what they mean. Messages of {@code method} name these, not command-line
 * flags: the CLI renders each as its flag ({@code cli.Flags}), another caller by its words.
 */
public enum Setting {
    RELU_REDUCTION("ReLU reduction"),
    RELU_BUDGET("ReLU budget"),
    MAC_REDUCTION("MAC reduction"),
    LATENCY_REDUCTION("latency reduction"),
    PI_PROFILE("PI profile"),
    BLOCKS("blocks"),
    METHOD("method"),
    METHODS("methods"),
    BLOCK_REDUCTION("block reduction"),
    MASK_EPOCHS("mask epochs"),
    MASK_LR("mask learning rate"),
    MASK_LAMBDA("mask lambda"),
    MASK_SETTLE_EPOCHS("mask settle epochs"),
    KERNEL("kernel"),
    KERNEL_INIT("kernel initialisation"),
    FEATURE_KD("block-wise distillation weight"),
    GRADUAL_EPOCHS("gradual removal epochs"),
    REMEASURE("re-measured selection"),
    SENSITIVITY("sensitivity method"),
    KD_TEMPERATURE("distillation temperature"),
    KD_WEIGHT("distillation weight"),
    GATE_LAMBDA("gate penalty weight"),
    EPOCHS("epochs"),
    BATCH_SIZE("batch size"),
    LR("learning rate"),
    MOMENTUM("momentum"),
    WEIGHT_DECAY("weight decay"),
    WARMUP_EPOCHS("warm-up epochs"),
    LABEL_SMOOTHING("label smoothing"),
    OUT("output folder"),
    RESUME("resume");

    private final String words;

    Setting(String words) {
        this.words = words;
    }

    /** What the setting is called in prose: {@code ReLU reduction}. */
    public String words() {
        return words;
    }
}
