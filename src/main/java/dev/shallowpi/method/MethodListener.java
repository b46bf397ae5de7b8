package dev.shallowpi.method;

import dev.shallowpi.engine.StepListener;
import dev.shallowpi.engine.TrainingRun;

/** Where a method run reports progress; the CLI prints it. */
public interface MethodListener extends TrainingRun.Listener {
    default void message(String text) {
    }

    default StepListener gateSteps() {
        return StepListener.NONE;
    }
}
