package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.DatasetInfo;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.MethodInputs;
import dev.shallowpi.onnx.OnnxModel;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * A trained teacher (a checkpoint folder of train or import, or an ONNX file) and the data the method runs on: the
 * teacher's dataset and calibration split, checked against the flags, with the calibration images narrowed by
 * {@code --calibration-images}.
 *
 * @param info what every report says about the teacher and the command (checkpoint or file, model, dataset, command)
 */
record TeacherInputs(Graph graph, TrainingRun.Data data, ImageSet calibration, ObjectNode info, Graph start) {

    /**
     * What a method run starts from: the student is made from {@code start} (the teacher, or with {@code --activation
     * relu} the teacher with ReLUs for its other nonlinearities) and distils from the teacher as given.
     */
    MethodInputs methodInputs() {
        return new MethodInputs(start, info, data, calibration, graph);
    }

    static TeacherInputs read(TeacherOptions source, DataOptions dataOptions, MethodOptions m, ParseResult given) {
        Path teacher = source.teacher;
        Path onnx = source.onnx;
        if ((teacher == null) == (onnx == null)) {
            throw new UserError("give the trained teacher as --teacher DIR or as --onnx FILE (one of them)");
        }
        Graph graph;
        ObjectNode model;
        if (teacher != null) {
            Checkpoint cp = Checkpoints.read(teacher, "--teacher");
            dataOptions.adoptStored(cp.state().get("dataset"), given, false);
            graph = cp.graph();
            model = (ObjectNode) cp.state().get("model");
        } else {
            // An ONNX teacher says nothing of its data: the dataset flags choose it, and its calibration split is
            // held out here, not necessarily when it was trained.
            OnnxModel file = OnnxModels.read(onnx, "--onnx");
            graph = file.graph();
            model = OnnxModels.describe(file);
        }
        DatasetInfo dataset = dataOptions.info();
        if (!graph.inputs().get(0).shape().equals(dataset.imageShape())) {
            throw new UserError("--dataset " + dataset.name() + ": images are " + dataset.imageShape()
                    + " but the teacher expects " + graph.inputs().get(0).shape());
        }
        if (!graph.outputShape().equals(Shape.of(dataset.classes()))) {
            throw new UserError("--dataset " + dataset.name() + " has " + dataset.classes() + " classes but the teacher "
                    + "outputs " + graph.outputShape() + " values a sample");
        }
        MemoryBound.check(graph, m.batchSize, "--batch-size");
        if (m.calibrationImages < 0 || m.calibrationImages == 1) {
            throw new UserError("--calibration-images must be 0 (the whole split) or at least 2, got "
                    + m.calibrationImages);
        }
        DataOptions.Read read = dataOptions.read();
        read.requireOneBatch(m.batchSize);
        Splits.TrainSplits splits = read.train();
        ImageSet test = read.test();
        ImageSet calibration = splits.calibration();
        if (m.calibrationImages > calibration.size()) {
            throw new UserError("--calibration-images " + m.calibrationImages + " is more than the "
                    + calibration.size() + " images of the calibration split (--val-split)");
        }
        if (m.calibrationImages > 0 && m.calibrationImages < calibration.size()) {
            int[] order = m.calibrationSeed == 0 ? IntStream.range(0, calibration.size()).toArray()
                    : Splits.permutation(calibration.size(), m.calibrationSeed);
            calibration = calibration.select(Arrays.copyOf(order, m.calibrationImages));
        }
        if (calibration.size() < 2) {
            throw new UserError("--val-split: the method needs calibration images (the teacher's run held out "
                    + calibration.size() + ")");
        }
        TrainingRun.Data data = new TrainingRun.Data(splits.train(), test, dataset.normalization(), dataset.augmentation());
        ObjectNode info = CostReport.mapper().createObjectNode();
        if (teacher != null) {
            info.put("teacherCheckpoint", teacher.toString());
        } else {
            info.put("teacherOnnx", onnx.toString());
        }
        info.set("model", model);
        info.set("dataset", dataOptions.describe());
        info.put("command", Commands.line(given));
        return new TeacherInputs(graph, data, calibration, info, m.activation().startFrom(graph));
    }
}
