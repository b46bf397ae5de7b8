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
    /** The sensitivity given, or else a fresh measurement (minutes of ablation or gate training). */
    Sensitivity measureUnlessGiven() {
        return measured != null ? measured : Sensitivities.measure(in, settings, listener);
    }
}
