package dev.shallowpi.cli;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

/** The command-line flag of each setting the method names in its messages. */
final class Flags {
    private Flags() {
    }

    static String of(Setting s) {
        return switch (s) {
            case RELU_REDUCTION -> "--relu-reduction";
            case RELU_BUDGET -> "--relu-budget";
            case MAC_REDUCTION -> "--mac-reduction";
            case LATENCY_REDUCTION -> "--latency-reduction";
            case PI_PROFILE -> "--pi-profile";
            case BLOCKS -> "--blocks";
            case METHOD -> "--method";
            case METHODS -> "--methods";
            case BLOCK_REDUCTION -> "--block-reduction";
            case MASK_EPOCHS -> "--mask-epochs";
            case MASK_LR -> "--mask-lr";
            case MASK_LAMBDA -> "--mask-lambda";
            case MASK_SETTLE_EPOCHS -> "--mask-settle-epochs";
            case KERNEL -> "--kernel";
            case KERNEL_INIT -> "--kernel-init";
            case FEATURE_KD -> "--feature-kd";
            case GRADUAL_EPOCHS -> "--gradual-epochs";
            case REMEASURE -> "--remeasure";
            case SENSITIVITY -> "--sensitivity";
            case KD_TEMPERATURE -> "--kd-temperature";
            case KD_WEIGHT -> "--kd-weight";
            case GATE_LAMBDA -> "--gate-lambda";
            case EPOCHS -> "--epochs";
            case BATCH_SIZE -> "--batch-size";
            case LR -> "--lr";
            case MOMENTUM -> "--momentum";
            case WEIGHT_DECAY -> "--weight-decay";
            case WARMUP_EPOCHS -> "--warmup-epochs";
            case LABEL_SMOOTHING -> "--label-smoothing";
            case OUT -> "--out";
            case RESUME -> "--resume";
        };
    }

    /** The message of {@code e} as a user of the CLI reads it: settings named by their flags. */
    static String message(RuntimeException e) {
        return e instanceof SettingException s ? s.render(Flags::of) : e.getMessage();
    }
}
