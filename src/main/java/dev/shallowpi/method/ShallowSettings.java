package dev.shallowpi.method;

import dev.shallowpi.engine.TrainConfig;

/**
 * Everything the method needs besides the teacher and the data.
 *
 * @param recalibrate re-estimate the student's BN statistics on the calibration split before fine-tuning
 */
public record ShallowSettings(Budget budget, KernelMode kernel, SensitivityMethod sensitivity,
                              GateSensitivity.Settings gate, TrainConfig fineTune, double kdTemperature,
                              double kdWeight, boolean recalibrate) {
}
