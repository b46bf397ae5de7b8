package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;

/**
 * What every method run starts from: the trained teacher, what the reports say about it and the command
 * ({@code info}: its checkpoint, model, dataset, the command line), the training and test data, and the calibration
 * split (held out of the training images) that sensitivity and BN re-estimation use.
 */
public record MethodInputs(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration) {
}
