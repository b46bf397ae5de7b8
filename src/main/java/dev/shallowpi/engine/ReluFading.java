package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradual ReLU removal: fixed per-layer gates on the named ReLUs ({@code alpha * relu(x) + (1 - alpha) * x},
 * see {@link Gate}) whose alpha goes linearly from 1 (the ReLU) at a run's first step to 0 (the identity) after
 * its last, set by the training loop rather than learnt.
 */
public final class ReluFading {
    private ReluFading() {
    }

    /** Fixed per-layer gates starting at 1 on each of {@code relus}. */
    public static Map<String, Gate> gates(Collection<String> relus) {
        Map<String, Gate> g = new LinkedHashMap<>();
        relus.forEach(r -> g.put(r, new Gate(new float[] {1f}, false, false)));
        return g;
    }

    /** Alpha for step {@code step} (from 0) of {@code steps}: 1 at the first, {@code 1/steps} at the last, then 0. */
    public static double alphaAt(long step, long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("a fading schedule needs at least one step, got " + steps);
        }
        return Math.max(0, 1 - (double) step / steps);
    }

    /**
     * Sets every gate of {@code model} to {@code alpha}, in place, by adding the difference: the gate arrays stay
     * the parameters' own, and the temporaries are closed at once (as {@link EngineModel#clampGates}; DJL's
     * {@code NDArray.set} made libtorch print a deprecation warning).
     */
    public static void set(EngineModel model, double alpha) {
        for (Parameter p : model.block().gates().values()) {
            NDArray a = p.getArray();
            try (NDArray target = a.getManager().create(new float[] {(float) alpha}, a.getShape());
                 NDArray step = target.sub(a)) {
                a.addi(step);
            }
        }
    }

    /**
     * A listener that sets the model's gates before every step of a run of {@code epochs} epochs, from the global
     * step (so a resumed run picks the schedule up where it stopped), and tells {@code inner} everything.
     */
    public static TrainingRun.Listener driving(java.util.function.Supplier<EngineModel> model, int epochs,
                                               TrainingRun.Listener inner) {
        return new TrainingRun.Listener() {
            @Override
            public StepListener epochStarted(int epoch, int of, int steps) {
                long total = (long) epochs * steps;
                long first = (long) (epoch - 1) * steps;
                set(model.get(), alphaAt(first, total));
                StepListener progress = inner.epochStarted(epoch, of, steps);
                return (step, n, loss, accuracy, imagesPerSecond) -> {
                    set(model.get(), alphaAt(first + step, total));
                    progress.onStep(step, n, loss, accuracy, imagesPerSecond);
                };
            }

            @Override
            public void epochDone(com.fasterxml.jackson.databind.node.ObjectNode record) {
                inner.epochDone(record);
            }

            @Override
            public void epochRetried(int epoch, String why) {
                inner.epochRetried(epoch, why);
            }

            @Override
            public void stepRecomputed(String what) {
                inner.stepRecomputed(what);
            }
        };
    }
}
