package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The options of issue 20 together in one run on the tiny teacher, as a user runs them: re-measured selection,
 * gradual removal, fitted kernels and block-wise distillation; what each leaves in the run's files.
 */
class LearningOptionsTest {
    @TempDir
    static Path dir;
    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = TinyTeacher.get();
    }

    @Test
    void everyOptionTogetherRunsDeploysExactlyAndRecordsWhatItDid() throws Exception {
        Path out = dir.resolve("all");
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--relu-reduction", "1.3",
                "--mac-reduction", "1.2", "--epochs", "2", "--batch-size", "50", "--test-subset", "500",
                "--calibration-images", "200", "--remeasure", "--gradual-epochs", "1", "--kernel-init", "fit",
                "--feature-kd", "1", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode plan = json.readTree(out.resolve("plan.json").toFile());
        // re-measured selection: one round per committed ReLU, the plan's selection those the end did not release
        JsonNode rounds = plan.get("greedyRounds");
        Set<String> committed = new HashSet<>();
        rounds.forEach(g -> {
            if (!g.get("released").asBoolean()) {
                committed.add(g.get("relu").asText());
            }
        });
        Set<String> selected = new HashSet<>();
        plan.get("selected").forEach(s -> selected.add(s.asText()));
        assertEquals(selected, committed, plan.toString());
        // gradual removal: its own checkpoint, one epoch; the student trains the remaining one
        assertEquals(1, plan.get("gradualEpochs").asInt());
        JsonNode gradual = json.readTree(out.resolve("gradual/metrics.json").toFile());
        assertEquals(1, gradual.get("epochsDone").asInt());
        JsonNode student = json.readTree(out.resolve("student/metrics.json").toFile());
        assertEquals(1, student.get("config").get("epochs").asInt());
        assertTrue(student.get("loss").asText().contains("block-wise distillation"), student.get("loss").asText());
        // fitted kernels: each reproduces its composition better than the crop did
        assertEquals("fit", plan.get("kernelInit").asText());
        assertTrue(plan.get("kernelFits").size() > 0, plan.toString());
        for (JsonNode f : plan.get("kernelFits")) {
            assertTrue(f.get("fitError").asDouble() < f.get("cropError").asDouble(), f.toString());
            assertEquals(200, f.get("images").asInt());
        }
        // and the deployed model is still the trained student
        JsonNode report = json.readTree(out.resolve("report.json").toFile());
        assertEquals(0, report.get("verification").get("predictionMismatches").asInt());
        assertTrue(report.get("verification").get("maxAbsLogitDiff").asDouble() < 1e-3);
        assertTrue(Files.isRegularFile(out.resolve("model.onnx")));
    }
}
