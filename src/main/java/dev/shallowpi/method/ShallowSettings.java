package dev.shallowpi.method;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;

/**
 * Everything the method needs besides the teacher and the data.
 *
 * @param ranking   how candidates are ranked: the sensitivity method and the gate method's training
 * @param tuning    the student's fine-tuning: training settings, distillation, BN re-estimation first
 * @param profile   the PI cost profile every report estimates latency and traffic with (a latency budget
 *                  carries its own, the same one when the CLI builds them)
 * @param reduction the method ({@code --method}) and what only some methods read
 */
public record ShallowSettings(Budget budget, KernelMode kernel, Ranking ranking, Tuning tuning, PiProfile profile,
                              ReductionSettings reduction) {
    public ShallowSettings {
        if (profile == null) {
            throw new IllegalArgumentException("settings need a PI profile for their reports");
        }
        reduction.method().check(budget);
    }

    /** The sensitivity method, and the gate method's settings (read only when it is the gate method). */
    public record Ranking(SensitivityMethod method, GateSensitivity.Settings gate) {
    }

    /**
     * The student's fine-tuning.
     *
     * @param recalibrate re-estimate the student's BN statistics on the calibration split before fine-tuning
     */
    public record Tuning(TrainConfig config, Distill kd, boolean recalibrate) {
    }

    /** The same settings under another budget (a sweep runs one per budget). */
    public ShallowSettings withBudget(Budget other) {
        return new ShallowSettings(other, kernel, ranking, tuning, profile, reduction);
    }

    /** The same settings for another method (compare runs one of each). */
    public ShallowSettings withMethod(ReductionMethod m) {
        return new ShallowSettings(budget, kernel, ranking, tuning, profile, reduction.withMethod(m));
    }

    public ReductionMethod method() {
        return reduction.method();
    }

    public SensitivityMethod sensitivity() {
        return ranking.method();
    }

    public GateSensitivity.Settings gate() {
        return ranking.gate();
    }

    public TrainConfig fineTune() {
        return tuning.config();
    }

    public double kdTemperature() {
        return tuning.kd().temperature();
    }

    public double kdWeight() {
        return tuning.kd().weight();
    }

    public boolean recalibrate() {
        return tuning.recalibrate();
    }
}
