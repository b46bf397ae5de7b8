package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;

/**
 * What every method run starts from: the trained teacher, what the reports say about it and the command
 * ({@code info}: its checkpoint, model, dataset, the command line), the training and test data, and the calibration
 * split (held out of the training images) that sensitivity and BN re-estimation use.
 *
 * @param teacher     the graph the student is made from: the teacher, or the teacher with its other nonlinearities
 *                    replaced by ReLUs ({@code --activation relu})
 * @param distillFrom the trained teacher as given: what the student distils from and the reports score as teacher
 */
public record MethodInputs(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration,
                           Graph distillFrom) {
    /** Inputs whose student starts from the teacher itself. */
    public MethodInputs(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration) {
        this(teacher, info, data, calibration, teacher);
    }
}
