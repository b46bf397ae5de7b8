package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.shallowpi.ir.Graph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * Throughput of the engine on synthetic data: timed training steps (forward, backward, SGD update) and
 * evaluation-mode forwards, each after warm-up steps that are not timed. Medians, because the machines are
 * shared and noisy.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * @param inferImagesPerSecond       evaluation forwards as the tool runs them ({@link EvalRuntime})
     * @param inferEngineImagesPerSecond the same forwards in the engine itself, timed as a block after those
     * @param inference                  what ran {@code inferImagesPerSecond}
     */
    public record Result(double trainImagesPerSecond, double inferImagesPerSecond, double inferEngineImagesPerSecond,
                         String inference, double[] trainStepSeconds, double[] inferStepSeconds, long peakRssBytes) {
    }

    /** Training on activations in the given layout, to measure what each costs. */
    public static Result run(Graph graph, int batch, int warmup, int steps, long seed, TrainingLayout layout) {
        int[] sample = graph.inputs().get(0).shape().dims();
        int classes = graph.outputShape().dim(0);
        int per = 1;
        for (int d : sample) {
            per *= d;
        }
        Random r = new Random(seed);
        float[] images = new float[batch * per];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextGaussian();
        }
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
        Shape shape = new Shape(batch, sample[0], sample[1], sample[2]);
        double[] train = new double[steps];
        double[] infer = new double[steps];
        double[] inferEngine = new double[steps];
        try (EngineModel model = EngineModel.of(graph)) {
            model.block().useLayout(layout);
            Sgd sgd = new Sgd(TrainConfig.MOMENTUM, TrainConfig.WEIGHT_DECAY, false,
                    Set.copyOf(Trainer.decayedKeys(graph)));
            for (int i = 0; i < warmup + steps; i++) {
                long t0 = System.nanoTime();
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray x = step.create(images, shape);
                    NDArray y = step.create(labels);
                    try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                        NDArray loss = CrossEntropy.of(model.forward(x, true), y, 0);
                        gc.backward(loss);
                        loss.getFloat();
                    }
                    sgd.step(model.parameters(), 0.01);
                }
                if (i >= warmup) {
                    train[i - warmup] = (System.nanoTime() - t0) / 1e9;
                }
            }
            // The runtime's forwards, then the engine's, each a block after its own warm-up: evaluation runs batch
            // after batch in one of them, and alternating the two per batch would time each one's threads still
            // spinning (libgomp) or waking (ONNX Runtime) from the other.
            InferenceRuntime runtime = EvalRuntime.current();
            timeForwards(model, images, batch, warmup, infer);
            String inference = model.evaluatedBy();
            if (runtime != null) {
                try (EvalRuntime.Scope engineOnly = EvalRuntime.use(null)) {
                    timeForwards(model, images, batch, warmup, inferEngine);
                }
            }
            double engineRate = runtime == null ? batch / median(infer) : batch / median(inferEngine);
            return new Result(batch / median(train), batch / median(infer), engineRate, inference, train, infer,
                    peakRssBytes());
        }
    }

    private static void timeForwards(EngineModel model, float[] images, int batch, int warmup, double[] seconds) {
        for (int i = 0; i < warmup + seconds.length; i++) {
            long t0 = System.nanoTime();
            model.predict(images, batch);
            if (i >= warmup) {
                seconds[i - warmup] = (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The process's peak resident memory (VmHWM), or -1 where /proc does not tell. */
    public static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
