package dev.shallowpi.method;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.engine.TrainConfig;

/**
 * Everything the method needs besides the teacher and the data.
 *
 * @param recalibrate re-estimate the student's BN statistics on the calibration split before fine-tuning
 * @param profile     the PI cost profile every report estimates latency and traffic with (a latency budget
 *                    carries its own, the same one when the CLI builds them)
 */
public record ShallowSettings(Budget budget, KernelMode kernel, SensitivityMethod sensitivity,
                              GateSensitivity.Settings gate, TrainConfig fineTune, double kdTemperature,
                              double kdWeight, boolean recalibrate, PiProfile profile) {
    public ShallowSettings {
        if (profile == null) {
            throw new IllegalArgumentException("settings need a PI profile for their reports");
        }
    }

    /** The same settings under another budget (a sweep runs one per budget). */
    public ShallowSettings withBudget(Budget other) {
        return new ShallowSettings(other, kernel, sensitivity, gate, fineTune, kdTemperature, kdWeight, recalibrate,
                profile);
    }
}
