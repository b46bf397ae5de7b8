package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The method end to end on a tiny teacher (resnet20 x0.25, 1,000 images, one epoch each), as a user runs it. */
class ShallowCommandTest {
    @TempDir
    static Path dir;
    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = dir.resolve("teacher");
        AnalyzeCommandTest.Result r = run("train", "--model", "resnet20", "--width", "0.25", "--epochs", "1",
                "--train-subset", "1000", "--test-subset", "500", "--batch-size", "50", "--out", teacher.toString(),
                "--quiet");
        assertEquals(0, r.code(), r.err());
    }

    private static JsonNode shallow(String out, String... extra) throws Exception {
        String[] base = {"shallow", "--teacher", teacher.toString(), "--epochs", "1", "--batch-size", "50",
                "--test-subset", "500", "--calibration-images", "200", "--out", dir.resolve(out).toString(), "--quiet"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        AnalyzeCommandTest.Result r = run(args);
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"report.json", "sensitivity.json", "plan.json", "student/checkpoint.zip",
                "student/metrics.json", "deployed/checkpoint.zip"}) {
            assertTrue(Files.isRegularFile(dir.resolve(out).resolve(f)), f);
        }
        return new ObjectMapper().readTree(dir.resolve(out).resolve("report.json").toFile());
    }

    @Test
    void sameKernelCutsRelusMacsAndDepthAndTheDeployedModelMatchesTheStudent() throws Exception {
        JsonNode r = shallow("same", "--relu-reduction", "1.3", "--mac-reduction", "1.2");
        JsonNode t = r.get("teacher");
        JsonNode d = r.get("deployed");
        assertTrue(d.get("reluReduction").asDouble() >= 1.3);
        assertTrue(d.get("macReduction").asDouble() >= 1.2);
        assertTrue(d.get("reluDepth").asInt() < t.get("reluDepth").asInt());
        assertTrue(d.get("convs").asInt() < t.get("convs").asInt());
        assertEquals(r.get("selection").get("predictedRelus").asLong(), d.get("relus").asLong());
        assertEquals(r.get("selection").get("predictedMacs").asLong(), d.get("macs").asLong());
        JsonNode v = r.get("verification");
        assertEquals(500, v.get("images").asInt());
        assertEquals(0, v.get("predictionMismatches").asInt());
        assertTrue(v.get("maxAbsLogitDiff").asDouble() < 1e-3, v.toString());
        // the summary keys a user scripts against
        assertEquals(t.get("relus").asLong(), r.get("before").get("relus").asLong());
        assertEquals(d.get("relus").asLong(), r.get("after").get("relus").asLong());
        assertEquals(d.get("testAccuracy").asDouble(), r.get("after").get("accuracy").asDouble(), 0);
        assertTrue(r.get("equivalence").get("samePredictions").asBoolean());
        assertEquals(r.get("selection").get("selected"), r.get("selected"));
        assertEquals(d.get("reluReduction").asDouble(), r.get("reluReduction").asDouble(), 0);
        assertTrue(r.get("command").asText().startsWith("shallowpi shallow --teacher"));
        JsonNode sens = new ObjectMapper().readTree(dir.resolve("same/sensitivity.json").toFile());
        assertEquals(19, sens.get("candidates").size());
        assertTrue(sens.get("candidates").get(0).get("kl").isNumber());
    }

    @Test
    void exactKernelMergesExactlyAndReportsMacsHonestly() throws Exception {
        JsonNode r = shallow("exact", "--kernel", "exact", "--blocks", "layer1.0,layer2.1", "--sensitivity", "gate");
        JsonNode t = r.get("teacher");
        JsonNode d = r.get("deployed");
        assertTrue(d.get("relus").asLong() < t.get("relus").asLong());
        assertTrue(d.get("reluDepth").asInt() < t.get("reluDepth").asInt());
        // exact 5x5 merges add MACs, and the report says so
        assertTrue(d.get("macs").asLong() > t.get("macs").asLong(), r.toString());
        assertEquals(0, r.get("verification").get("predictionMismatches").asInt());
        JsonNode sens = new ObjectMapper().readTree(dir.resolve("exact/sensitivity.json").toFile());
        assertTrue(sens.get("candidates").get(0).get("alpha").isNumber());
    }

    @Test
    void sensitivityOnlyMeasuresAndPlansButTrainsNothing() throws Exception {
        Path out = dir.resolve("plan-only");
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--relu-reduction", "1.5",
                "--calibration-images", "100", "--calibration-seed", "3", "--sensitivity-only", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("sensitivity.json")));
        JsonNode plan = new ObjectMapper().readTree(out.resolve("plan.json").toFile());
        assertTrue(plan.get("predictedReluReduction").asDouble() >= 1.5);
        assertTrue(!Files.exists(out.resolve("student")));
        assertEquals(100, new ObjectMapper().readTree(out.resolve("sensitivity.json").toFile())
                .get("calibrationImages").asInt());
    }

    @Test
    void anUnreachableBudgetNamesTheBestReachableValue() {
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--mac-reduction", "9",
                "--calibration-images", "100", "--out", dir.resolve("none").toString(), "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("9") && r.err().contains("at most"), r.err());
    }
}
