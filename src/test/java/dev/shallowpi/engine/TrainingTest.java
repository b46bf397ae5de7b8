package dev.shallowpi.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on real Fashion-MNIST (the Debian package dataset-fashion-mnist, which .ci/run installs; without it
 * these tests fail rather than skip).
 */
class TrainingTest {
    static final Path DATA = Path.of("/usr/share/datasets/fashion-mnist");
    static ImageSet train;
    static ImageSet test;

    @BeforeAll
    static void load() {
        DatasetKind k = DatasetKind.FASHION_MNIST;
        train = Splits.split(k.train(DATA), 5000, 2000).train();
        test = k.test(DATA);
    }

    private static TrainingRun.Data data(Augmentation aug) {
        return new TrainingRun.Data(train, test, DatasetKind.FASHION_MNIST.normalization(), aug);
    }

    private static Graph model(String name, double width) {
        return Zoo.build(new ModelSpec(name, width, 10, Shape.parse("1x28x28"), 1));
    }

    @Test
    void oneEpochOnTwoThousandImagesLearns() {
        TrainConfig c = new TrainConfig(1, 32, 0.05, 0.9, false, 5e-4, 0, 0, 1);
        ObjectNode state = TrainingRun.start(model("resnet18", 0.25), c, Checkpoint.json().createObjectNode(),
                new TrainingRun.Setup(cfg -> new CrossEntropy(0), data(Augmentation.NONE), null,
                        new TrainingRun.Listener() {
                        }));
        double acc = state.get("testAccuracy").asDouble();
        assertTrue(acc >= 0.60, "test accuracy after one epoch on 2,000 images: " + acc);
    }

    @Test
    void interruptedAndResumedEqualsUninterrupted(@TempDir Path a, @TempDir Path b) {
        ImageSet small = train.select(java.util.stream.IntStream.range(0, 256).toArray());
        TrainingRun.Data d = new TrainingRun.Data(small, test.select(java.util.stream.IntStream.range(0, 256)
                .toArray()), DatasetKind.FASHION_MNIST.normalization(), DatasetKind.FASHION_MNIST.augmentation());
        TrainConfig two = new TrainConfig(2, 64, 0.05, 0.9, true, 5e-4, 0.5, 0.1, 9);
        Graph g = model("resnet20", 0.25);
        onFixedThreads(() -> {
            TrainingRun.start(g, two, Checkpoint.json().createObjectNode(), new TrainingRun.Setup(
                    cfg -> new CrossEntropy(cfg.labelSmoothing()), d, a, new TrainingRun.Listener() {
                    }));
            // The same run stopped after its first epoch (a process killed in epoch 2 leaves exactly this checkpoint)
            assertThrows(StopHere.class, () -> TrainingRun.start(g, two, Checkpoint.json().createObjectNode(),
                    new TrainingRun.Setup(cfg -> new CrossEntropy(cfg.labelSmoothing()), d, b,
                            new TrainingRun.Listener() {
                                @Override
                                public void epochDone(ObjectNode record) {
                                    if (record.get("epoch").asInt() == 1) {
                                        throw new StopHere();
                                    }
                                }
                            })));
            assertEquals(1, Checkpoint.read(b).state().get("epochsDone").asInt());
            TrainingRun.resume(new TrainingRun.Setup(cfg -> new CrossEntropy(cfg.labelSmoothing()), d, b,
                    new TrainingRun.Listener() {
                    }));
        });
        Checkpoint straight = Checkpoint.read(a);
        Checkpoint resumed = Checkpoint.read(b);
        assertEquals(2, resumed.state().get("epochsDone").asInt());
        assertEquals(straight.graph().nodes(), resumed.graph().nodes(), "weights and BN statistics identical");
        assertEquals(straight.optimizerState(), resumed.optimizerState());
    }

    /**
     * A loss that turns NaN, or jumps a hundred thousand times (finite: the divergence one run showed, which trained
     * on to a broken model), from the second epoch's second step on (two steps an epoch): the run stops there, and
     * the first epoch's checkpoint is kept.
     */
    @ParameterizedTest
    @CsvSource({"NaN, 'loss became NaN at epoch 2, step 2'", "1e5, 'at epoch 2, step 2, from a mean of'"})
    void aDivergingLossStopsTheRunAndKeepsTheLastGoodCheckpoint(float factor, String message, @TempDir Path out) {
        ImageSet small = train.select(java.util.stream.IntStream.range(0, 128).toArray());
        TrainingRun.Data d = new TrainingRun.Data(small, small, DatasetKind.FASHION_MNIST.normalization(),
                Augmentation.NONE);
        TrainConfig three = new TrainConfig(3, 64, 0.05, 0.9, false, 5e-4, 0, 0, 2);
        java.util.function.Function<TrainConfig, Loss> poisoned = glitchedAt(call -> call > 3, l -> l.mul(factor));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> TrainingRun.start(
                model("resnet20", 0.25), three, Checkpoint.json().createObjectNode(), new TrainingRun.Setup(poisoned, d,
                        out, new TrainingRun.Listener() {
                        })));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("run again from the last checkpoint, the epoch diverged again"),
                e.getMessage());
        ObjectNode state = Checkpoint.read(out).state();
        assertEquals(1, state.get("epochsDone").asInt());
        assertEquals(TrainingRun.RETRIES, state.get(TrainingRun.RETRIED).size(), state.toString());
        state.get(TrainingRun.RETRIED).forEach(r -> assertEquals(2, r.get("epoch").asInt()));
    }

    /**
     * A step whose loss jumps, turns NaN, or whose gradients alone come out a hundred thousand times too large (the
     * loss sound), once or in its first recomputation too: the step is computed again from the state before it, and
     * the run ends exactly where an undisturbed one does, each recomputation in its epoch's record. Two steps an
     * epoch: call 4 is epoch 2's second step, call 5 its first recomputation.
     */
    @ParameterizedTest
    @CsvSource({"4, LOSS, 'loss jumped to'", "4, NAN, 'loss became NaN'", "4 5, LOSS, 'loss jumped to'",
            "4, GRADIENT, 'gradient norm jumped to'"})
    void aStepOutOfLineIsComputedAgainAndTheRunEndsAsAnUndisturbedOne(String glitches, Glitch kind, String problem,
                                                                     @TempDir Path clean, @TempDir Path disturbed) {
        int[] calls = java.util.Arrays.stream(glitches.split(" ")).mapToInt(Integer::parseInt).toArray();
        ObjectNode state = disturbedRun(calls, kind, clean, disturbed);
        assertEquals(3, state.get("epochsDone").asInt());
        assertTrue(!state.has(TrainingRun.RETRIED), state.toString());
        com.fasterxml.jackson.databind.JsonNode told = state.get("history").get(1).get("recomputedSteps");
        assertEquals(calls.length, told.size(), state.toString());
        told.forEach(t -> assertTrue(t.asText().startsWith("epoch 2, step 2: " + problem)
                && t.asText().endsWith("; computed again from the state before it"), t.asText()));
        assertTrue(!state.get("history").get(0).has("recomputedSteps") && !state.get("history").get(2)
                .has("recomputedSteps"), state.toString());
        assertEndsAsUndisturbed(clean, disturbed);
    }

    /**
     * A step out of line every time it is computed again (calls 4 to 6), then in the epoch's first rerun too (8 to
     * 10): the epoch runs again from the checkpoint before it, and the run ends exactly where an undisturbed one does,
     * with each rerun in its state.
     */
    @ParameterizedTest
    @CsvSource({"4 5 6", "4 5 6 8 9 10"})
    void aStepOutOfLineEveryTimeRunsTheEpochAgainAndTheRunEndsAsAnUndisturbedOne(String glitches,
                                                                                  @TempDir Path clean,
                                                                                  @TempDir Path disturbed) {
        int[] calls = java.util.Arrays.stream(glitches.split(" ")).mapToInt(Integer::parseInt).toArray();
        ObjectNode state = disturbedRun(calls, Glitch.LOSS, clean, disturbed);
        int reruns = calls.length / (Trainer.RECOMPUTES + 1);
        assertEquals(3, state.get("epochsDone").asInt());
        assertEquals(reruns, state.get(TrainingRun.RETRIED).size(), state.toString());
        state.get(TrainingRun.RETRIED).forEach(r -> {
            assertEquals(2, r.get("epoch").asInt());
            assertTrue(r.get("divergence").asText().contains("at epoch 2, step 2, from a mean of")
                    && r.get("divergence").asText().contains("(and again each of the 2 times the step was computed "
                    + "again from the state before it)"), r.toString());
        });
        assertEndsAsUndisturbed(clean, disturbed);
    }

    /** How a glitched call goes wrong. */
    enum Glitch {
        /** The loss, and with it the gradients, a hundred thousand times too large. */
        LOSS,
        /** The loss NaN. */
        NAN,
        /** The gradients a hundred thousand times too large, the loss itself sound to the last bit. */
        GRADIENT
    }

    /**
     * Trains 3 epochs of 2 steps from scratch into {@code clean}, then the same run with its loss glitched at the
     * given calls into {@code disturbed}; returns the disturbed run's final state.
     */
    private static ObjectNode disturbedRun(int[] calls, Glitch kind, Path clean, Path disturbed) {
        java.util.Set<Integer> at = java.util.Arrays.stream(calls).boxed().collect(java.util.stream.Collectors.toSet());
        ImageSet small = train.select(java.util.stream.IntStream.range(0, 128).toArray());
        TrainingRun.Data d = new TrainingRun.Data(small, small, DatasetKind.FASHION_MNIST.normalization(),
                DatasetKind.FASHION_MNIST.augmentation());
        TrainConfig three = new TrainConfig(3, 64, 0.05, 0.9, false, 5e-4, 0, 0, 4);
        Graph g = model("resnet20", 0.25);
        java.util.function.Function<TrainConfig, Loss> glitched = glitchedAt(at::contains, switch (kind) {
            case LOSS -> l -> l.mul(1e5f);
            case NAN -> l -> l.mul(Float.NaN);
            case GRADIENT -> l -> l.add(l.mul(1e5f).sub(l.mul(1e5f).stopGradient()));
        });
        ObjectNode[] ended = new ObjectNode[1];
        onFixedThreads(() -> {
            TrainingRun.start(g, three, Checkpoint.json().createObjectNode(), new TrainingRun.Setup(
                    cfg -> new CrossEntropy(0), d, clean, new TrainingRun.Listener() {
                    }));
            ended[0] = TrainingRun.start(g, three, Checkpoint.json().createObjectNode(), new TrainingRun.Setup(
                    glitched, d, disturbed, new TrainingRun.Listener() {
                    }));
        });
        return ended[0];
    }

    private static void assertEndsAsUndisturbed(Path clean, Path disturbed) {
        Checkpoint a = Checkpoint.read(clean);
        Checkpoint b = Checkpoint.read(disturbed);
        assertEquals(a.graph().nodes(), b.graph().nodes(), "weights and BN statistics identical");
        assertEquals(a.optimizerState(), b.optimizerState());
        for (int e = 0; e < 3; e++) {
            assertEquals(a.state().get("history").get(e).get("trainLoss"),
                    b.state().get("history").get(e).get("trainLoss"));
            assertEquals(a.state().get("history").get(e).get("testAccuracy"),
                    b.state().get("history").get(e).get("testAccuracy"));
        }
    }

    /**
     * Runs {@code work} on a thread of its own whose engine threads are fixed at 2, as {@code SHALLOWPI_THREADS=2}
     * would: the adaptive default changes the count when other jobs load the machine, and with it the order of
     * floating-point sums, which a bitwise comparison of two runs cannot allow. A thread of its own, so that the
     * fixed count ends with it. Failures inside come out as they were. The engine is loaded here first: it turns
     * autograd off on the thread that loads it, which must stay this one (the other tests train on it).
     */
    private static void onFixedThreads(Runnable work) {
        Djl.engine();
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            one.submit(() -> {
                Djl.prepareThread();
                CoreShare.fixThreads(2);
                work.run();
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            one.shutdown();
        }
    }

    /**
     * Cross-entropy, changed by {@code glitch} at the calls (counted from 1, across every epoch, recomputation and
     * rerun of the run) that {@code glitched} picks.
     */
    private static java.util.function.Function<TrainConfig, Loss> glitchedAt(java.util.function.IntPredicate glitched,
            java.util.function.UnaryOperator<ai.djl.ndarray.NDArray> glitch) {
        int[] calls = {0};
        Loss loss = new Loss() {
            @Override
            public ai.djl.ndarray.NDArray compute(ai.djl.ndarray.NDArray logits, ai.djl.ndarray.NDArray labels,
                                                  ai.djl.ndarray.NDArray inputs) {
                ai.djl.ndarray.NDArray l = CrossEntropy.of(logits, labels, 0);
                return glitched.test(++calls[0]) ? glitch.apply(l) : l;
            }

            @Override
            public String describe() {
                return "cross-entropy, glitched at some steps";
            }
        };
        return cfg -> loss;
    }

    /** The watch's line: NaN and infinity always; a finite jump only 1000x over the mean and above the floor. */
    @Test
    void theLossWatchStopsOnlyWhatDiverged() {
        LossWatch.check(1, 1, 1e9, Double.NaN); // the first step has nothing to compare with
        LossWatch.check(1, 2, 9.9, 1e-5); // a near-perfect fit's ordinary step: below the floor
        LossWatch.check(1, 2, 999, 1); // three orders of magnitude less a little
        assertThrows(TrainingDivergedException.class, () -> LossWatch.check(1, 2, 1001, 1));
        assertThrows(TrainingDivergedException.class, () -> LossWatch.check(1, 2, Double.POSITIVE_INFINITY, 1));
        assertThrows(TrainingDivergedException.class, () -> LossWatch.check(1, 1, Double.NaN, Double.NaN));
    }

    /** The gradient watch's line: non-finite always; a finite norm only 1000x over the recent mean and the floor. */
    @Test
    void theGradientWatchTellsOnlyWhatIsOutOfLine() {
        GradientWatch w = new GradientWatch();
        assertEquals(null, w.problem(1e9)); // the first step has nothing to compare with
        assertTrue(w.problem(Double.NaN).startsWith("gradient norm became NaN"));
        assertTrue(w.problem(Double.POSITIVE_INFINITY).startsWith("gradient norm became Infinity"));
        w.applied(1);
        w.applied(1);
        assertEquals(null, w.problem(999)); // three orders of magnitude less a little
        assertTrue(w.problem(1001).startsWith("gradient norm jumped to 1001 from a mean of 1.000 over the last 2"),
                w.problem(1001));
        GradientWatch fitted = new GradientWatch();
        fitted.applied(1e-3);
        assertEquals(null, fitted.problem(99)); // a fitted model's ordinary noise: below the floor
        for (int i = 0; i < GradientWatch.WINDOW; i++) {
            w.applied(10); // the two early norms leave the window
        }
        assertEquals(null, w.problem(9999));
        assertTrue(w.problem(10001) != null);
    }

    static final class StopHere extends RuntimeException {
    }
}
