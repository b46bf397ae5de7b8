package dev.shallowpi.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A whole training run: epochs of {@link Trainer}, a test evaluation and a checkpoint after each, and resume
 * from the last checkpoint. An epoch's batches depend only on the seed and the epoch number, and the optimizer
 * state travels in the checkpoint, so a resumed run continues the very trajectory it left.
 */
public final class TrainingRun {
    /** The state's list of epochs that diverged and ran again from their checkpoint. */
    public static final String RETRIED = "retriedEpochs";
    /** How often one epoch runs again after diverging before the run stops. */
    static final int RETRIES = 2;

    /** Told at the start and end of each epoch; the CLI prints and draws progress through it. */
    public interface Listener {
        default StepListener epochStarted(int epoch, int epochs, int steps) {
            return StepListener.NONE;
        }

        default void epochDone(ObjectNode record) {
        }

        /** The epoch diverged ({@code why}) and runs again from the checkpoint before it. */
        default void epochRetried(int epoch, String why) {
        }

        /** A step was out of line and is computed again ({@code what}, as {@link StepListener#stepRecomputed}). */
        default void stepRecomputed(String what) {
        }
    }

    /** What the run trains on. */
    public record Data(ImageSet train, ImageSet test, Normalization normalization, Augmentation augmentation) {
    }

    private TrainingRun() {
    }

    /**
     * What a run needs besides its model and settings: how the loss is made from the settings in force (so that a
     * resumed run keeps its label smoothing), the data, the folder its checkpoint goes to (null: nowhere), who hears
     * of its progress, and how the model is loaded from the graph to train (a model with fixed channel masks, say;
     * what it adds to the graph, such as gates, is not in the checkpoint and is added again on resume).
     */
    public record Setup(Function<TrainConfig, Loss> lossOf, Data data, Path out, Listener listener,
                        Function<Graph, EngineModel> modelOf) {
        /** A plain model, as the graph says. */
        public Setup(Function<TrainConfig, Loss> lossOf, Data data, Path out, Listener listener) {
            this(lossOf, data, out, listener, EngineModel::of);
        }
    }

    /**
     * Trains {@code graph} from scratch with {@code config}; {@code meta} (model and dataset description) is stored in
     * the checkpoint's state. Returns the final state.
     */
    public static ObjectNode start(Graph graph, TrainConfig config, ObjectNode meta, Setup setup) {
        ObjectNode state = initialState(meta, config);
        state.put("engine", Djl.describe());
        try {
            return train(graph, config, Map.of(), state, setup);
        } catch (TrainingDivergedException e) {
            return retried(setup, e);
        }
    }

    /**
     * Writes the checkpoint of a run that has not trained yet: {@code graph} at epoch 0, {@code config}, no optimizer
     * state, {@code meta} and {@code kind} in its state. The run then always starts as a {@link #resume}, so a fresh
     * start and a restart after a kill are one path.
     */
    public static void seed(Graph graph, TrainConfig config, ObjectNode meta, String kind, Path dir)
            throws IOException {
        ObjectNode state = initialState(meta, config);
        state.put("kind", kind);
        new Checkpoint(graph, Map.of(), state).write(dir);
    }

    /** The state of a run before its first epoch: {@code meta}, the settings, no epochs, an empty history. */
    private static ObjectNode initialState(ObjectNode meta, TrainConfig config) {
        ObjectNode state = Checkpoint.json().createObjectNode();
        state.setAll(meta);
        state.set("config", ConfigJson.write(config));
        state.put("epochsDone", 0);
        state.putArray("history");
        return state;
    }

    /**
     * Continues the run whose checkpoint is in {@code setup.out()}, with the checkpoint's own settings, weights and
     * optimizer state. Returns the final state.
     */
    public static ObjectNode resume(Setup setup) {
        Checkpoint cp = Checkpoint.read(setup.out());
        try {
            return train(cp.graph(), ConfigJson.read(cp.state().get("config")), cp.optimizerState(), cp.state(),
                    setup);
        } catch (TrainingDivergedException e) {
            return retried(setup, e);
        }
    }

    /**
     * Runs a diverged epoch again from the checkpoint before it, at most {@link #RETRIES} times, recording each
     * try in the state ({@code retriedEpochs}). The batches depend on the seed and the epoch only and the checkpoint
     * holds the weights and optimizer state, so a divergence of the run's own (a learning rate too high) comes back
     * every time and stops the run; one that does not come back was none of the run's. Such divergences happened
     * at one engine thread, a native fault not yet found (BENCHMARKS.md): one run printed the same losses to the last
     * digit as its rerun for seven epochs, then diverged where the rerun did not; another diverged in its third epoch
     * at step 495, again at step 501 when resumed from its checkpoint, and trained through that epoch the third
     * time. Without a checkpoint to go back to (no folder, or the first epoch of a run from {@link #start}) the
     * divergence stops the run at once.
     */
    private static ObjectNode retried(Setup setup, TrainingDivergedException e) {
        Path out = setup.out();
        if (out == null || !Checkpoint.exists(out)) {
            throw e;
        }
        Checkpoint cp = Checkpoint.read(out);
        ObjectNode state = cp.state();
        int epoch = state.get("epochsDone").asInt() + 1;
        ArrayNode retries = state.has(RETRIED) ? (ArrayNode) state.get(RETRIED) : state.putArray(RETRIED);
        List<String> before = new ArrayList<>();
        for (JsonNode r : retries) {
            if (r.get("epoch").asInt() == epoch) {
                before.add(r.get("divergence").asText());
            }
        }
        if (before.size() >= RETRIES) {
            throw TrainingDivergedException.repeated(before, e);
        }
        ObjectNode record = retries.addObject();
        record.put("epoch", epoch);
        record.put("divergence", e.getMessage());
        save(new Checkpoint(cp.graph(), cp.optimizerState(), state), out);
        setup.listener().epochRetried(epoch, e.getMessage());
        return resume(setup);
    }

    private static ObjectNode train(Graph graph, TrainConfig config, Map<String, Tensor> optimizer, ObjectNode state,
                                    Setup setup) {
        Data data = setup.data();
        Path out = setup.out();
        Listener listener = setup.listener();
        Loss loss = setup.lossOf().apply(config);
        state.put("loss", loss.describe());
        int done = state.get("epochsDone").asInt();
        try (Trainer trainer = new Trainer(setup.modelOf().apply(graph), config, m -> loss)) {
            trainer.loadOptimizerState(optimizer);
            int steps = trainer.stepsPerEpoch(data.train().size());
            if (steps == 0) {
                throw new IllegalArgumentException("the training set (" + data.train().size()
                        + " images) is smaller than one batch of " + config.batchSize());
            }
            LrSchedule schedule = new LrSchedule(config.lr(), Math.round(config.warmupEpochs() * steps),
                    (long) config.epochs() * steps);
            for (int epoch = done; epoch < config.epochs(); epoch++) {
                StepListener sl = telling(listener.epochStarted(epoch + 1, config.epochs(), steps), listener);
                EpochStats stats = trainer.trainEpoch(data.train(), data.normalization(), data.augmentation(), epoch,
                        schedule, (long) epoch * steps, sl);
                EvalStats test = Trainer.evaluate(trainer.model(), data.test(), data.normalization(),
                        config.batchSize());
                ObjectNode record = ((ArrayNode) state.get("history")).addObject();
                record.put("epoch", epoch + 1);
                record.put("lr", stats.lastLr());
                record.put("trainLoss", stats.loss());
                record.put("trainAccuracy", stats.accuracy());
                record.put("testLoss", test.loss());
                record.put("testAccuracy", test.accuracy());
                record.put("seconds", stats.seconds());
                record.put("imagesPerSecond", stats.imagesPerSecond());
                if (!stats.recomputedSteps().isEmpty()) {
                    stats.recomputedSteps().forEach(record.putArray("recomputedSteps")::add);
                }
                state.put("epochsDone", epoch + 1);
                state.put("testAccuracy", test.accuracy());
                state.put("testLoss", test.loss());
                if (out != null) {
                    save(new Checkpoint(trainer.model().toGraph(), trainer.optimizerState(), state), out);
                }
                listener.epochDone(record);
            }
            return state;
        }
    }

    /** {@code progress}, telling {@code listener} too of every step computed again. */
    private static StepListener telling(StepListener progress, Listener listener) {
        return new StepListener() {
            @Override
            public void onStep(int step, int steps, double loss, double accuracy, double imagesPerSecond) {
                progress.onStep(step, steps, loss, accuracy, imagesPerSecond);
            }

            @Override
            public void stepRecomputed(String what) {
                progress.stepRecomputed(what);
                listener.stepRecomputed(what);
            }
        };
    }

    private static void save(Checkpoint cp, Path out) {
        try {
            cp.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + out + ": " + e.getMessage(), e);
        }
    }

    /** The settings as a checkpoint stores them (for callers that seed a run's checkpoint themselves). */
    public static ObjectNode configJson(TrainConfig c) {
        return ConfigJson.write(c);
    }

    /** The run's settings, stored in the checkpoint so that resume needs no flags. */
    static final class ConfigJson {
        private ConfigJson() {
        }

        static ObjectNode write(TrainConfig c) {
            ObjectNode o = Checkpoint.json().createObjectNode();
            o.put("epochs", c.epochs());
            o.put("batchSize", c.batchSize());
            o.put("lr", c.lr());
            o.put("momentum", c.momentum());
            o.put("nesterov", c.nesterov());
            o.put("weightDecay", c.weightDecay());
            o.put("warmupEpochs", c.warmupEpochs());
            o.put("labelSmoothing", c.labelSmoothing());
            o.put("seed", c.seed());
            return o;
        }

        static TrainConfig read(JsonNode o) {
            return new TrainConfig(o.get("epochs").asInt(), o.get("batchSize").asInt(), o.get("lr").asDouble(),
                    o.get("momentum").asDouble(), o.get("nesterov").asBoolean(), o.get("weightDecay").asDouble(),
                    o.get("warmupEpochs").asDouble(), o.get("labelSmoothing").asDouble(), o.get("seed").asLong());
        }
    }
}
