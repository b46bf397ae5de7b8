package dev.shallowpi.cli;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.fold.Activations;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.ChannelTraining;
import dev.shallowpi.method.KernelInit;
import dev.shallowpi.method.ReductionMethod;
import dev.shallowpi.method.ReductionSettings;
import dev.shallowpi.method.ShallowSettings;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of the method besides the budget, shared by {@code shallow} and {@code sweep}. */
public final class MethodOptions {
    @Option(names = "--method", defaultValue = "shallow", paramLabel = "METHOD",
            description = "shallow (the seed: remove ReLU layers, merge convs), cull (remove ReLU layers, merge "
                    + "nothing), snl (per-channel masks learnt to the budget) or joint (shallow, then channel masks "
                    + "to the budget) (default: ${DEFAULT-VALUE}).")
    String reductionMethod;

    @Option(names = "--mask-epochs", defaultValue = "5", paramLabel = "N",
            description = "snl and joint: most epochs of mask training; it stops once the ReLUs meet the budget "
                    + "(default: ${DEFAULT-VALUE}).")
    int maskEpochs;

    @Option(names = "--mask-lr", defaultValue = "0.01", paramLabel = "LR",
            description = "snl and joint: learning rate of mask training (default: ${DEFAULT-VALUE}).")
    double maskLr;

    @Option(names = "--mask-lambda", defaultValue = "0.01", paramLabel = "L",
            description = "snl and joint: starting weight of the L1 penalty on the channel alphas, x1.1 whenever the "
                    + "ReLU count stalls (default: ${DEFAULT-VALUE}).")
    double maskLambda;

    @Option(names = "--mask-settle-epochs", defaultValue = "0.5", paramLabel = "E",
            description = "snl and joint: epochs (fractions allowed) over which the binarised channel alphas are "
                    + "pulled onto 0 or 1 while the weights train on; 0 binarises at once (default: "
                    + "${DEFAULT-VALUE}).")
    double maskSettleEpochs;

    @Option(names = "--block-reduction", paramLabel = "R",
            description = "joint: the ReLU reduction of the block stage before channel masks (default: joint "
                    + "tries 3 targets up to as far as the merge candidates go, never beyond the budget, and keeps "
                    + "the one most accurate on the calibration split).")
    Double blockReduction;

    @Option(names = "--kernel", defaultValue = "same", paramLabel = "MODE",
            description = "same (one conv of the first conv's size, trained: cuts MACs) or exact (exact merge, kernel "
                    + "grows) (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--kernel-init", defaultValue = "crop", paramLabel = "INIT",
            description = "--kernel same: each merged conv starts from the centre crop of the exactly composed kernel "
                    + "(crop, the seed's) or from the kernel of its size fitted by least squares to the composed "
                    + "conv's output on 1,024 calibration images (fit), or to the teacher's own output there, removed "
                    + "ReLUs included (fit-teacher); plan.json reports each fit's error (default: ${DEFAULT-VALUE}).")
    String kernelInit;

    @Option(names = "--feature-kd", defaultValue = "0", paramLabel = "W",
            description = "Weight of block-wise distillation: for each merged block, the squared difference between "
                    + "the student's block output and the teacher's at the same point, over the teacher's mean square, "
                    + "averaged over the blocks and added to the logit distillation; 0 for none (default: "
                    + "${DEFAULT-VALUE}).")
    double featureKd;

    @Option(names = "--gradual-epochs", defaultValue = "0", paramLabel = "E",
            description = "shallow: the selected ReLUs fade out (a * relu(x) + (1 - a) * x, a from 1 to 0) over the "
                    + "first E fine-tuning epochs, before their convs merge; the merged student trains for the rest "
                    + "of --epochs; 0 removes them at once (default: ${DEFAULT-VALUE}).")
    int gradualEpochs;

    @Option(names = "--remeasure", description = "shallow, ablation sensitivity: select in rounds, each committing "
            + "the least sensitive ReLU of the budget's best choice and measuring the others again on the teacher with "
            + "the committed ones removed (on 1,000 calibration images), so that the selection sees how removals "
            + "interact; plan.json lists the rounds. Costs a measurement of the remaining candidates per round.")
    boolean remeasure;

    @Option(names = "--sensitivity", defaultValue = "ablation", paramLabel = "METHOD",
            description = "ablation or gate (default: ${DEFAULT-VALUE}).")
    String sensitivity;

    @Option(names = "--epochs", defaultValue = "10", description = "Fine-tuning epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.05", description = "Fine-tuning peak learning rate (default: "
            + "${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--kd-temperature", defaultValue = "4", description = "Distillation temperature (default: "
            + "${DEFAULT-VALUE}).")
    double kdTemperature;

    @Option(names = "--kd-weight", defaultValue = "0.9", description = "Weight of the distillation term; the rest is "
            + "cross-entropy (default: ${DEFAULT-VALUE}).")
    double kdWeight;

    @Option(names = "--gate-lambda", defaultValue = "1.0", description = "Gate sensitivity: weight of the cost "
            + "penalty (default: ${DEFAULT-VALUE}).")
    double gateLambda;

    @Option(names = "--calibration-images", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N calibration images for sensitivity and BN re-estimation (default: "
                    + "the whole split).")
    int calibrationImages;

    @Option(names = "--calibration-seed", defaultValue = "0", paramLabel = "S",
            description = "With --calibration-images: 0 takes the first N of the split, any other value a random N "
                    + "of it drawn with this seed (to test how stable the sensitivity ranking is).")
    long calibrationSeed;

    @Option(names = "--activation", defaultValue = "keep", paramLabel = "MODE",
            description = "keep (the teacher's nonlinearities: ReLU6 stays ReLU6) or relu (the student starts from the "
                    + "teacher with ReLU6, SiLU and hard-swish replaced by ReLUs, as PI models usually are, and "
                    + "distils from the teacher as it is; squeeze-excitation stays) (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--no-bn-reestimation", description = "Skip re-estimating the student's BN statistics.")
    boolean noBnReestimation;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the fine-tuning (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    PiProfileOption piProfile;

    /**
     * The settings for {@code budget}. Reports estimate PI costs under {@code --pi-profile}, or delphi-wan when
     * none is named; a latency target needs the profile named (the budget refuses one without).
     */
    ShallowSettings settings(Budget budget) {
        activation(); // refused here, before any work, when it is neither keep nor relu
        try {
            KernelMode mode = KernelMode.parse(kernel);
            SensitivityMethod method = SensitivityMethod.parse(sensitivity);
            TrainConfig fineTune = TrainConfig.fineTuning(epochs, batchSize, lr, seed);
            Distill kd = new Distill(kdTemperature, kdWeight);
            GateSensitivity.Settings gate = new GateSensitivity.Settings(1, batchSize, 0.01, gateLambda, kd, seed);
            ReductionSettings reduction = new ReductionSettings(ReductionMethod.parse(reductionMethod),
                    new ChannelTraining.Settings(maskEpochs, maskLr, maskLambda, maskSettleEpochs), blockReduction);
            ShallowSettings.Learning learning = new ShallowSettings.Learning(mode, KernelInit.parse(kernelInit),
                    featureKd, gradualEpochs);
            return new ShallowSettings(budget, learning, new ShallowSettings.Ranking(method, gate, remeasure),
                    new ShallowSettings.Tuning(fineTune, kd, !noBnReestimation), piProfile.orDefault(), reduction);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
    }

    /** What {@code --activation} asks of the student's starting point. */
    enum Activation {
        KEEP, RELU;

        /** The graph the student is made from. */
        Graph startFrom(Graph teacher) {
            return this == RELU ? Activations.toRelu(teacher) : teacher;
        }
    }

    Activation activation() {
        return switch (activation.toLowerCase(java.util.Locale.ROOT)) {
            case "keep" -> Activation.KEEP;
            case "relu" -> Activation.RELU;
            default -> throw new UserError("--activation must be keep or relu, got '" + activation + "'");
        };
    }

    /** The profile named by {@code --pi-profile}, or null (a latency budget then refuses). */
    PiProfile namedProfile() {
        return piProfile.orNull();
    }
}
