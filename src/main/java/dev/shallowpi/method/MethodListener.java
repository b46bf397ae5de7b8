package dev.shallowpi.method;

import dev.shallowpi.engine.StepListener;
import dev.shallowpi.engine.TrainingRun;

/** Where a method run reports progress; the CLI prints it. */
public interface MethodListener extends TrainingRun.Listener {
    default void message(String text) {
    }

    @Override
    default void epochRetried(int epoch, String why) {
        message("epoch " + epoch + " diverged (" + why + "); running it again from the checkpoint before it");
    }

    @Override
    default void stepRecomputed(String what) {
        message(what);
    }

    /** Told of the steps of the trainings outside a {@link TrainingRun} (gates, masks): recomputed ones said. */
    default StepListener gateSteps() {
        return new StepListener() {
            @Override
            public void onStep(int step, int steps, double loss, double accuracy, double imagesPerSecond) {
            }

            @Override
            public void stepRecomputed(String what) {
                MethodListener.this.stepRecomputed(what);
            }
        };
    }
}
