package dev.shallowpi.method;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A step computed again is said wherever it happens: in a {@code TrainingRun} (fine-tuning) and in the trainings
 * outside one (gate sensitivity, SNL's masks), which report through {@link MethodListener#gateSteps}.
 */
class MethodListenerTest {
    @Test
    void recomputedStepsAreSaidInEveryTraining() {
        List<String> said = new ArrayList<>();
        MethodListener listener = new MethodListener() {
            @Override
            public void message(String text) {
                said.add(text);
            }
        };
        listener.stepRecomputed("epoch 1, step 2: loss became NaN; computed again from the state before it");
        listener.gateSteps().onStep(1, 2, 0.5, 0.5, 100);
        listener.gateSteps().stepRecomputed("epoch 3, step 2: gradient norm became NaN; computed again from the "
                + "state before it");
        assertEquals(List.of("epoch 1, step 2: loss became NaN; computed again from the state before it",
                "epoch 3, step 2: gradient norm became NaN; computed again from the state before it"), said);
    }
}
