package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains a graph in the engine, one epoch at a time. Every step's arrays live in a sub-manager closed at the
 * end of the step, so memory stays flat however long the run.
 */
public final class Trainer implements AutoCloseable {
    private final EngineModel model;
    private final TrainConfig config;
    private final Loss loss;
    private final Sgd sgd;

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
        long start = System.nanoTime();
        for (int i = 0; i < order.size(); i++) {
            Batch b = Batches.make(set, order.get(i), norm, aug, augRandom);
            lr = schedule.at(firstStep + i);
            try (NDManager step = model.manager().newSubManager()) {
                NDArray x = step.create(b.images(), batchShape(set, b.size()));
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
                LossWatch.check(epoch + 1, i + 1, value, seen == 0 ? Double.NaN : lossSum / seen);
                sgd.step(model.parameters(), lr);
                KillSwitch.reached("step");
                lossSum += value * b.size();
                correct += countCorrect(logits, y);
                seen += b.size();
            }
            listener.onStep(i + 1, order.size(), lossSum / seen, (double) correct / seen,
                    seen / ((System.nanoTime() - start) / 1e9));
            if (stop.getAsBoolean()) {
                break;
            }
        }
        return new EpochStats(epoch + 1, lossSum / Math.max(seen, 1), (double) correct / Math.max(seen, 1), seen,
                (System.nanoTime() - start) / 1e9, lr);
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
