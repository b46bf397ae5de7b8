package dev.shallowpi.method;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

/**
 * Everything the method needs besides the teacher and the data.
 *
 * @param learning  how the student is made shallow and learns it: the kernel mode, how merged convs start,
 *                  block-wise distillation, gradual removal
 * @param ranking   how candidates are ranked: the sensitivity method and the gate method's training
 * @param tuning    the student's fine-tuning: training settings, distillation, BN re-estimation first
 * @param profile   the PI cost profile every report estimates latency and traffic with (a latency budget
 *                  carries its own, the same one when the CLI builds them)
 * @param reduction the method ({@code --method}) and what only some methods read
 */
public record ShallowSettings(Budget budget, Learning learning, Ranking ranking, Tuning tuning, PiProfile profile,
                             ReductionSettings reduction) {
    public ShallowSettings {
        if (profile == null) {
            throw new IllegalArgumentException("settings need a PI profile for their reports");
        }
        reduction.method().check(budget);
        int gradual = learning.gradualEpochs();
        if (gradual > 0 && reduction.method() != ReductionMethod.SHALLOW) {
            throw new SettingException(Setting.GRADUAL_EPOCHS, " is for ", Setting.METHOD, " shallow only");
        }
        if (ranking.remeasure() && reduction.method() != ReductionMethod.SHALLOW) {
            throw new SettingException(Setting.REMEASURE, " is for ", Setting.METHOD, " shallow only");
        }
        if (ranking.remeasure() && budget.isNamed()) {
            throw new SettingException(Setting.REMEASURE, " chooses the layers to remove; ", Setting.BLOCKS,
                    " names them already");
        }
        if (gradual > 0 && gradual >= tuning.config().epochs()) {
            throw new SettingException(Setting.GRADUAL_EPOCHS, " (", gradual, ") must be fewer than the ",
                    Setting.EPOCHS, " (", tuning.config().epochs(), "): the merged student needs epochs of its own");
        }
    }

    /**
     * How the merged blocks of a shallow student are made, start and learn.
     *
     * @param kernel     how a merge pair is rewritten ({@code --kernel}; selection's cost model reads it too)
     * @param kernelInit {@code --kernel same}: each merged conv from the centre crop of its exact composition, or
     *                   fitted to that composition on calibration activations ({@link FittedKernels})
     * @param featureKd  weight of the block-wise distillation term ({@link dev.shallowpi.engine.FeatureDistillation})
     *                   beside the logit distillation; 0 for none
     * @param gradualEpochs the first fine-tuning epochs, over which the selected ReLUs fade out before the merge
     *                   ({@link GradualRemoval}); 0 removes them at once
     */
    public record Learning(KernelMode kernel, KernelInit kernelInit, double featureKd, int gradualEpochs) {
        public Learning {
            if (!(featureKd >= 0 && featureKd < Double.POSITIVE_INFINITY)) {
                throw new SettingException(Setting.FEATURE_KD, " must be a weight >= 0, got ", featureKd);
            }
            if (gradualEpochs < 0) {
                throw new SettingException(Setting.GRADUAL_EPOCHS, " must be >= 0, got ", gradualEpochs);
            }
        }

        /** The seed's method as it was published: centre crops, logit distillation only, abrupt removal. */
        public static Learning seed(KernelMode kernel) {
            return new Learning(kernel, KernelInit.CROP, 0, 0);
        }
    }

    /**
     * The sensitivity method, the gate method's settings (read only when it is the gate method), and whether the
     * selection re-measures the candidates after each one it commits ({@link RemeasuredSelection}; ablation only).
     */
    public record Ranking(SensitivityMethod method, GateSensitivity.Settings gate, boolean remeasure) {
        public Ranking {
            if (remeasure && method != SensitivityMethod.ABLATION) {
                throw new SettingException(Setting.REMEASURE, " re-measures by ablation: it needs ",
                        Setting.SENSITIVITY, " ablation");
            }
        }
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
        return new ShallowSettings(other, learning, ranking, tuning, profile, reduction);
    }

    /**
     * The same settings for another method (compare runs one of each); gradual removal and the re-measured
     * selection stay with the seed's method, as a block target stays with joint.
     */
    public ShallowSettings withMethod(ReductionMethod m) {
        boolean shallow = m == ReductionMethod.SHALLOW;
        Learning l = shallow ? learning
                : new Learning(learning.kernel(), learning.kernelInit(), learning.featureKd(), 0);
        Ranking r = shallow ? ranking : new Ranking(ranking.method(), ranking.gate(), false);
        return new ShallowSettings(budget, l, r, tuning, profile, reduction.withMethod(m));
    }

    /** How merge pairs are rewritten ({@code --kernel}). */
    public KernelMode kernel() {
        return learning.kernel();
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

    /** The merged student's own fine-tuning: all the epochs, less those the ReLUs spent fading out. */
    public TrainConfig studentTuning() {
        return tuning.config().withEpochs(tuning.config().epochs() - learning.gradualEpochs());
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
