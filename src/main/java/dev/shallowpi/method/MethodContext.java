package dev.shallowpi.method;

import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.results.Sensitivity;

import java.nio.file.Path;

/**
 * What a {@link Reduction} works with: the inputs, the teacher loaded in the engine (distillation reads it), the
 * settings, the run's folder, a sensitivity measured already (a sweep or comparison measures once for all its runs;
 * null: measure here when the method needs one), and where progress goes.
 */
record MethodContext(MethodInputs in, EngineModel teacherModel, ShallowSettings settings, Path out,
                     Sensitivity measured, MethodListener listener) {
    /**
     * What a method that selects layers ranks them by: the sensitivity given (a sweep or comparison measured it, after
     * checking every unit's budget), or else a fresh measurement, once the budget is known to be reachable (a budget
     * no selection meets is refused before minutes of ablation or gate training).
     */
    Sensitivity sensitivityForSelection() {
        if (measured != null) {
            return measured;
        }
        Planning.checkReachable(in.teacher(), settings);
        return Sensitivities.measure(in, settings, listener);
    }
}
