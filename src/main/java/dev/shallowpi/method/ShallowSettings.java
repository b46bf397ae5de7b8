package dev.shallowpi.method;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.engine.TrainConfig;

/**
 * Everything the method needs besides the teacher and the data.
 *
 * @param recalibrate re-estimate the student's BN statistics on the calibration split before fine-tuning
 * @param profile     the PI cost profile every report estimates latency and traffic with (a latency budget
 *                    carries its own, the same one when the CLI builds them)
 * @param reduction   the method ({@code --method}) and what only some methods read
 */
public record ShallowSettings(Budget budget, KernelMode kernel, SensitivityMethod sensitivity,
                              GateSensitivity.Settings gate, TrainConfig fineTune, double kdTemperature,
                              double kdWeight, boolean recalibrate, PiProfile profile, ReductionSettings reduction) {
    public ShallowSettings {
        if (profile == null) {
            throw new IllegalArgumentException("settings need a PI profile for their reports");
        }
        reduction.method().check(budget);
    }

    /** The seed's method. */
    public ShallowSettings(Budget budget, KernelMode kernel, SensitivityMethod sensitivity,
                           GateSensitivity.Settings gate, TrainConfig fineTune, double kdTemperature,
                           double kdWeight, boolean recalibrate, PiProfile profile) {
        this(budget, kernel, sensitivity, gate, fineTune, kdTemperature, kdWeight, recalibrate, profile,
                ReductionSettings.shallow());
    }

    /** The same settings under another budget (a sweep runs one per budget). */
    public ShallowSettings withBudget(Budget other) {
        return new ShallowSettings(other, kernel, sensitivity, gate, fineTune, kdTemperature, kdWeight, recalibrate,
                profile, reduction);
    }

    /** The same settings for another method (compare runs one of each). */
    public ShallowSettings withMethod(ReductionMethod m) {
        return new ShallowSettings(budget, kernel, sensitivity, gate, fineTune, kdTemperature, kdWeight, recalibrate,
                profile, reduction.withMethod(m));
    }

    public ReductionMethod method() {
        return reduction.method();
    }
}
