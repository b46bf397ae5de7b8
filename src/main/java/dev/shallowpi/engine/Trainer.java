package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.shallowpi.checkpoint.KillSwitch;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.Batch;
import dev.shallowpi.data.Batches;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains a graph in the engine, one epoch at a time. Every step's arrays live in a sub-manager closed at the
 * end of the step, so memory stays flat however long the run.
 */
public final class Trainer implements AutoCloseable {
    /**
     * How often a step whose loss or gradients are out of line ({@link LossWatch}, {@link GradientWatch}) is
     * computed again from the state before it. Such steps came at one engine thread in runs that had printed the same
     * losses to the last digit as their reruns, where the reruns had none: a native fault not yet found
     * (BENCHMARKS.md). Computed again, the step is what an undisturbed run computes. A loss out of line every time
     * is divergence of the run's own; a finite gradient norm out of line every time is the model's own, applied.
     */
    static final int RECOMPUTES = 2;

    private final EngineModel model;
    private final TrainConfig config;
    private final Loss loss;
    private final Sgd sgd;
    private final List<String> runningStatistics;
    private final GradientWatch gradients = new GradientWatch();

    public Trainer(Graph graph, TrainConfig config, Loss loss) {
        this(EngineModel.of(graph), config, m -> loss);
    }

    /**
     * Trains a model already loaded (a gated one, say); the loss is made from it, so that it can read the
     * model's own parameters (a gate penalty). The trainer owns the model from here on.
     */
    public Trainer(EngineModel model, TrainConfig config, java.util.function.Function<EngineModel, Loss> lossOf) {
        this.model = model;
        this.config = config;
        this.loss = lossOf.apply(model);
        this.sgd = new Sgd(config.momentum(), config.weightDecay(), config.nesterov(),
                decayedKeys(model.block().graph()));
        this.runningStatistics = runningStatisticsKeys(model.block().graph());
    }

    /** Weight decay applies to conv and linear weights only, not to BN parameters or biases. */
    public static Set<String> decayedKeys(Graph graph) {
        Set<String> keys = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Conv2d || n.op() instanceof Linear) {
                keys.add(NamedWeights.key(n, NamedWeights.WEIGHT));
            }
        }
        return keys;
    }

    /** The parameters a training forward changes in place: the running mean and variance of every BN. */
    static List<String> runningStatisticsKeys(Graph graph) {
        List<String> keys = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op() instanceof dev.shallowpi.ir.BatchNorm) {
                keys.add(NamedWeights.key(n, NamedWeights.RUNNING_MEAN));
                keys.add(NamedWeights.key(n, NamedWeights.RUNNING_VAR));
            }
        }
        return keys;
    }

    public EngineModel model() {
        return model;
    }

    public Map<String, Tensor> optimizerState() {
        return sgd.state();
    }

    public void loadOptimizerState(Map<String, Tensor> state) {
        sgd.load(state, model.parameters());
    }

    /** Steps in one epoch of {@code size} images (the last incomplete batch is dropped). */
    public int stepsPerEpoch(int size) {
        return size / config.batchSize();
    }

    /**
     * One epoch. {@code epoch} counts from 0 and, with the seed, fixes the order and augmentation;
     * {@code firstStep} is the global step number of this epoch's first step, for the schedule.
     */
    public EpochStats trainEpoch(ImageSet set, Normalization norm, Augmentation aug, int epoch, LrSchedule schedule,
                                 long firstStep, StepListener listener) {
        return trainEpoch(set, norm, aug, epoch, schedule, firstStep, listener, () -> false);
    }

    /** The same, ending the epoch early after the first step at which {@code stop} says so. */
    public EpochStats trainEpoch(ImageSet set, Normalization norm, Augmentation aug, int epoch, LrSchedule schedule,
                                 long firstStep, StepListener listener, java.util.function.BooleanSupplier stop) {
        List<int[]> order = Batches.trainOrder(set.size(), config.batchSize(), config.seed(), epoch);
        Random augRandom = Batches.augmentationRandom(config.seed(), epoch);
        double lossSum = 0;
        long correct = 0;
        int seen = 0;
        double lr = 0;
        List<String> recomputed = new ArrayList<>();
        java.util.function.Consumer<String> told = what -> {
            recomputed.add(what);
            listener.stepRecomputed(what);
        };
        long start = System.nanoTime();
        for (int i = 0; i < order.size(); i++) {
            Batch b = Batches.make(set, order.get(i), norm, aug, augRandom);
            lr = schedule.at(firstStep + i);
            StepResult r = judgedStep(b, batchShape(set, b.size()),
                    new StepPlace(epoch + 1, i + 1, seen == 0 ? Double.NaN : lossSum / seen, lr), told);
            lossSum += r.loss() * b.size();
            correct += r.correct();
            seen += b.size();
            listener.onStep(i + 1, order.size(), lossSum / seen, (double) correct / seen,
                    seen / ((System.nanoTime() - start) / 1e9));
            if (stop.getAsBoolean()) {
                break;
            }
        }
        return new EpochStats(epoch + 1, lossSum / Math.max(seen, 1), (double) correct / Math.max(seen, 1), seen,
                (System.nanoTime() - start) / 1e9, lr, recomputed);
    }

    /**
     * Where a step is: its epoch and step, counted from 1, the mean loss of the epoch's earlier steps, and its
     * learning rate.
     */
    private record StepPlace(int epoch, int step, double epochMean, double lr) {
    }

    /** A step's loss and how many of its images the model got right. */
    private record StepResult(double loss, long correct) {
    }

    /**
     * One step on {@code b}, judged before its gradients are applied ({@link LossWatch}, {@link GradientWatch}); one
     * out of line is computed again from the state before it, at most {@link #RECOMPUTES} times, each time told.
     */
    private StepResult judgedStep(Batch b, Shape shape, StepPlace at, java.util.function.Consumer<String> told) {
        for (int attempt = 0; ; attempt++) {
            try (NDManager step = model.manager().newSubManager()) {
                Map<Parameter, NDArray> before = statisticsCopy(step);
                NDArray x = step.create(b.images(), shape);
                NDArray y = step.create(b.labels());
                NDArray logits;
                NDArray l;
                try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                    ai.djl.ndarray.NDList outputs = model.forwardAll(x, true);
                    logits = outputs.head();
                    l = loss.compute(outputs, y, x);
                    gc.backward(l);
                }
                double value = l.getFloat();
                double norm = GradientWatch.norm(model.parameters());
                String lossProblem = LossWatch.problem(value, at.epochMean());
                String problem = lossProblem != null ? lossProblem : gradients.problem(norm);
                if (problem != null && attempt < RECOMPUTES) {
                    told.accept(String.format(Locale.ROOT, "epoch %d, step %d: %s; computed again from the state "
                            + "before it", at.epoch(), at.step(), problem));
                    undo(before);
                    continue;
                }
                if (lossProblem != null) {
                    throw TrainingDivergedException.afterRecomputing(
                            LossWatch.diverged(at.epoch(), at.step(), value, at.epochMean()), RECOMPUTES);
                }
                if (!Double.isFinite(norm)) {
                    throw TrainingDivergedException.afterRecomputing(
                            TrainingDivergedException.gradient(at.epoch(), at.step(), problem), RECOMPUTES);
                }
                // sound, or a finite gradient norm out of line every time: the model's own, applied
                gradients.applied(norm);
                sgd.step(model.parameters(), at.lr());
                KillSwitch.reached("step");
                return new StepResult(value, countCorrect(logits, y));
            }
        }
    }

    /**
     * Copies, in {@code step}, of what a training forward changes in place: the BN running statistics. With the
     * weights, the optimizer state and the gates (all changed only after the step is judged), they are the state a
     * step is computed again from.
     */
    private Map<Parameter, NDArray> statisticsCopy(NDManager step) {
        Map<Parameter, NDArray> copies = new LinkedHashMap<>();
        Map<String, Parameter> parameters = model.parameters();
        for (String key : runningStatistics) {
            Parameter p = parameters.get(key);
            NDArray copy = p.getArray().duplicate();
            copy.attach(step);
            copies.put(p, copy);
        }
        return copies;
    }

    /**
     * Puts back the running statistics a step changed and clears the gradients it computed, NaN included (which
     * subtracting them from themselves, as {@link Sgd} clears them, would keep): the state before the step.
     */
    private void undo(Map<Parameter, NDArray> before) {
        before.forEach((p, copy) -> p.getArray().intern(copy));
        for (Parameter p : model.parameters().values()) {
            if (p.requiresGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
        }
    }

    static Shape batchShape(ImageSet set, int n) {
        int[] s = set.imageShape().dims();
        return new Shape(n, s[0], s[1], s[2]);
    }

    static long countCorrect(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(DataType.INT32, false).eq(labels.toType(DataType.INT32, false)).sum()
                .toType(DataType.INT64, false).getLong();
    }

    /** Accuracy and mean cross-entropy in evaluation mode (running BN statistics). */
    public static EvalStats evaluate(EngineModel model, ImageSet set, Normalization norm, int batchSize) {
        double lossSum = 0;
        long correct = 0;
        for (int[] idx : Batches.evalOrder(set.size(), batchSize)) {
            Batch b = Batches.make(set, idx, norm, Augmentation.NONE, null);
            try (NDManager step = model.manager().newSubManager()) {
                NDArray x = step.create(b.images(), batchShape(set, b.size()));
                NDArray y = step.create(b.labels());
                NDArray logits = model.forward(x, false);
                lossSum += CrossEntropy.of(logits, y, 0).getFloat() * b.size();
                correct += countCorrect(logits, y);
            }
        }
        return new EvalStats((double) correct / set.size(), lossSum / set.size(), set.size());
    }

    @Override
    public void close() {
        model.close();
    }
}
