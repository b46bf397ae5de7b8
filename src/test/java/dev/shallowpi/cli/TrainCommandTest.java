package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train and eval as a user runs them (on a small slice of Fashion-MNIST from the Debian package). */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainThenEvalThenRefuseToOverwriteThenResume() throws Exception {
        Path out = dir.resolve("run");
        String[] train = {"train", "--model", "resnet20", "--width", "0.25", "--epochs", "1", "--train-subset", "256",
                "--test-subset", "200", "--batch-size", "64", "--out", out.toString(), "--quiet"};
        AnalyzeCommandTest.Result r = run(train);
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out(), "--quiet prints nothing");
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.zip")));
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1, metrics.get("history").size());

        AnalyzeCommandTest.Result e = run("eval", "--checkpoint", out.toString(), "--test-subset", "200", "--json");
        assertEquals(0, e.code(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        double acc = j.get("accuracy").asDouble();
        assertTrue(acc >= 0 && acc <= 1);
        assertEquals(metrics.get("testAccuracy").asDouble(), acc, 1e-9, "eval agrees with the run's own figure");
        assertTrue(j.get("loss").asDouble() > 0);

        long before = Files.getLastModifiedTime(out.resolve("checkpoint.zip")).toMillis();
        AnalyzeCommandTest.Result again = run(train);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("--resume"), again.err());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("checkpoint.zip")).toMillis());

        AnalyzeCommandTest.Result done = run("train", "--model", "resnet20", "--out", out.toString(), "--resume",
                "--quiet", "--test-subset", "200");
        assertEquals(0, done.code(), done.err());
        AnalyzeCommandTest.Result clash = run("train", "--model", "resnet20", "--out", out.toString(), "--resume",
                "--val-split", "100");
        assertEquals(2, clash.code());
        assertTrue(clash.err().contains("--val-split"), clash.err());
    }

    @Test
    void badTrainingInputIsOneLineWithExitCode2() {
        String[][] cases = {
                {"train", "--model", "resnet20", "--dataset", "imagenet"},
                {"train", "--model", "resnet20", "--data-dir", dir.toString()},
                {"train", "--model", "resnet20", "--input", "3x32x32"},
                {"train", "--model", "resnet20", "--epochs", "0"},
                {"train", "--model", "resnet20", "--dataset", "cifar10"},
                {"train", "--model", "resnet20", "--resume"},
                {"eval", "--checkpoint", dir.toString()},
        };
        String[] named = {"--dataset", "train-labels-idx1-ubyte.gz", "--input", "epochs", "--data-dir", "--resume",
                "checkpoint.zip"};
        for (int i = 0; i < cases.length; i++) {
            AnalyzeCommandTest.Result r = run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            String err = r.err().strip();
            assertTrue(!err.contains("\n") && err.contains(named[i]), String.join(" ", cases[i]) + ": " + err);
        }
    }
}
