package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.data.FolderFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --dataset folder} end to end: train on an image folder, eval the checkpoint, make it shallow. */
class FolderCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainEvalAndShallowOnAnImageFolder() throws Exception {
        Path data = dir.resolve("images");
        FolderFixture.write(data, 4, 40, 10);
        Path teacher = dir.resolve("teacher");
        AnalyzeCommandTest.Result t = run("train", "--dataset", "folder", "--data-dir", data.toString(), "--model",
                "resnet20", "--width", "0.25", "--epochs", "1", "--val-split", "20", "--batch-size", "32", "--out",
                teacher.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("training on folder: 140 training images, 20 calibration images held out, 40 "
                + "test images"), t.out());
        JsonNode metrics = new ObjectMapper().readTree(teacher.resolve("metrics.json").toFile());
        JsonNode marker = new ObjectMapper().readTree(teacher.resolve("shallowpi-run.json").toFile());
        assertTrue(marker.toString().contains("folder"), marker.toString());

        AnalyzeCommandTest.Result e = run("eval", "--checkpoint", teacher.toString(), "--data-dir", data.toString(),
                "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertEquals("folder", j.get("dataset").asText());
        assertEquals(40, j.get("images").asInt());
        assertEquals(metrics.get("testAccuracy").asDouble(), j.get("accuracy").asDouble(), 1e-9,
                "eval agrees with the run's own figure");

        AnalyzeCommandTest.Result noDir = run("eval", "--checkpoint", teacher.toString());
        assertEquals(2, noDir.code());
        assertTrue(noDir.err().contains("--data-dir"), noDir.err());
        AnalyzeCommandTest.Result otherSize = run("eval", "--checkpoint", teacher.toString(), "--data-dir",
                data.toString(), "--image-size", "32x32");
        assertEquals(2, otherSize.code());
        assertTrue(otherSize.err().contains("--image-size 32x32 differs from the run's 28x28"), otherSize.err());

        AnalyzeCommandTest.Result done = run("train", "--out", teacher.toString(), "--resume", "--data-dir",
                data.toString(), "--quiet");
        assertEquals(0, done.code(), "a finished run resumes with what it stored: " + done.err());

        Path shallow = dir.resolve("shallow");
        AnalyzeCommandTest.Result s = run("shallow", "--teacher", teacher.toString(), "--data-dir", data.toString(),
                "--epochs", "1", "--calibration-images", "16", "--relu-reduction", "1.3", "--batch-size", "16", "--out",
                shallow.toString(), "--quiet");
        assertEquals(0, s.code(), s.err());
        JsonNode report = new ObjectMapper().readTree(shallow.resolve("report.json").toFile());
        JsonNode dataset = report.path("dataset");
        assertEquals("folder", dataset.path("name").asText(), dataset.toString());
        assertEquals("1x28x28", dataset.path("imageShape").asText());
        assertEquals(4, dataset.path("classNames").size());
        assertTrue(Files.isRegularFile(shallow.resolve("model.onnx")));

        // a training image removed: the calibration split would change, so commands on the run refuse the folder
        Files.delete(data.resolve("train/dress/img-0000.png"));
        AnalyzeCommandTest.Result changed = run("eval", "--checkpoint", teacher.toString(), "--data-dir",
                data.toString(), "--split", "calibration");
        assertEquals(2, changed.code());
        assertTrue(changed.err().contains("--data-dir: " + data.resolve("train") + ": holds 159 images, not the 160"),
                changed.err());
    }
}
