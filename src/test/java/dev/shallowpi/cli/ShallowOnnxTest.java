package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.report.RecordRoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The method end to end with a teacher that PyTorch exported (ResNet-18 with a CIFAR stem, widths 2-16, random
 * weights), on a slice of Fashion-MNIST: it writes model.onnx, checked in ONNX Runtime, which is the deployed model.
 */
class ShallowOnnxTest {
    @TempDir
    Path dir;

    @Test
    void shallowOnAnOnnxTeacherWritesTheDeployedModelAsCheckedOnnx() throws Exception {
        Path out = dir.resolve("run");
        String teacher = Fixtures.model(Fixtures.RESNET18_EVAL).toString();
        AnalyzeCommandTest.Result r = run("shallow", "--onnx", teacher, "--relu-reduction", "1.3", "--epochs", "1",
                "--batch-size", "50", "--train-subset", "500", "--test-subset", "200", "--calibration-images", "100",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("exported: " + out.resolve("model.onnx")), r.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(teacher, report.get("teacherOnnx").asText());
        assertEquals(teacher, report.get("model").get("onnx").asText());
        RecordRoundTrip.assertRoundTrips(out.resolve("report.json"));
        assertTrue(report.get("deployed").get("reluReduction").asDouble() >= 1.3, report.get("deployed").toString());
        JsonNode check = report.get("export").get("runtimeCheck");
        assertTrue(check.get("maxAbsDiff").asDouble() <= check.get("tolerance").asDouble(), check.toString());
        assertTrue(Files.isRegularFile(out.resolve("model.onnx")));
        // model.onnx is the deployed model, exactly
        assertEquals(Checkpoint.read(out.resolve("deployed")).graph().nodes(),
                OnnxImporter.read(out.resolve("model.onnx")).graph().nodes());
    }
}
