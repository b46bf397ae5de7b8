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

    default StepListener gateSteps() {
        return StepListener.NONE;
    }
}
