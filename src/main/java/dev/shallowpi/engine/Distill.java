package dev.shallowpi.engine;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

/**
 * Logit distillation from the teacher: the softmax temperature, and the weight of the distillation term (the rest
 * of the loss is cross-entropy on the labels). Checked when made, so that a bad value is refused before any work.
 */
public record Distill(double temperature, double weight) {
    public Distill {
        // written so that NaN fails each test
        if (!(temperature > 0 && temperature < Double.POSITIVE_INFINITY)) {
            throw new SettingException(Setting.KD_TEMPERATURE, " must be a finite number > 0, got ", temperature);
        }
        if (!(weight >= 0 && weight <= 1)) {
            throw new SettingException(Setting.KD_WEIGHT, " must be in [0, 1], got ", weight);
        }
    }
}
