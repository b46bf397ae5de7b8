package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A teacher checkpoint and the data the method runs on: the teacher's dataset and calibration split, checked
 * against the flags, with the calibration images narrowed by {@code --calibration-images}.
 *
 * @param info what every report says about the teacher and the command (checkpoint, model, dataset, command)
 */
record TeacherInputs(Checkpoint checkpoint, TrainingRun.Data data, ImageSet calibration, ObjectNode info) {

    static TeacherInputs read(Path teacher, DataOptions dataOptions, MethodOptions m, ParseResult given) {
        Checkpoint cp = Checkpoints.read(teacher, "--teacher");
        dataOptions.adoptStored(cp.state().get("dataset"), given, false);
        DatasetKind kind = dataOptions.kind();
        if (!cp.graph().inputs().get(0).shape().equals(kind.imageShape())) {
            throw new UserError("--dataset " + kind.cliName() + ": images are " + kind.imageShape()
                    + " but the teacher expects " + cp.graph().inputs().get(0).shape());
        }
        if (m.calibrationImages < 0) {
            throw new UserError("--calibration-images must be >= 0, got " + m.calibrationImages);
        }
        Splits.TrainSplits splits = dataOptions.train();
        ImageSet test = dataOptions.test();
        ImageSet calibration = splits.calibration();
        if (m.calibrationImages > 0 && m.calibrationImages < calibration.size()) {
            int[] order = m.calibrationSeed == 0 ? IntStream.range(0, calibration.size()).toArray()
                    : Splits.permutation(calibration.size(), m.calibrationSeed);
            calibration = calibration.select(Arrays.copyOf(order, m.calibrationImages));
        }
        if (calibration.size() < 2) {
            throw new UserError("--val-split: the method needs calibration images (the teacher's run held out "
                    + calibration.size() + ")");
        }
        TrainingRun.Data data = new TrainingRun.Data(splits.train(), test, kind.normalization(), kind.augmentation());
        ObjectNode info = CostReport.mapper().createObjectNode();
        info.put("teacherCheckpoint", teacher.toString());
        info.set("model", cp.state().get("model"));
        info.set("dataset", dataOptions.describe());
        info.put("command", Commands.line(given));
        return new TeacherInputs(cp, data, calibration, info);
    }
}
