package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.onnx.OnnxImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code shallow --method cull|snl|joint} end to end on the tiny teacher (36,064 ReLUs), one epoch each: every
 * method lands at or under the budget as counted on the deployed graph and on the exported ONNX file, and the
 * deployed model is the trained student (its channel masks included).
 */
class MethodsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BUDGET = 18_000;

    @TempDir
    static Path dir;
    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = TinyTeacher.get();
    }

    private static JsonNode shallow(String out, String... extra) throws Exception {
        String[] base = {"shallow", "--teacher", teacher.toString(), "--epochs", "1", "--mask-epochs", "1",
                "--batch-size", "50", "--test-subset", "500", "--calibration-images", "200", "--out",
                dir.resolve(out).toString(), "--quiet"};
        AnalyzeCommandTest.Result r = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base),
                java.util.Arrays.stream(extra)).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(dir.resolve(out).resolve("report.json").toFile());
    }

    /** The deployed model's ReLUs, counted on its checkpoint and on model.onnx, are the report's, within budget. */
    private static Graph checkCounts(String out, JsonNode r, long allowed) {
        Graph deployed = Checkpoint.read(dir.resolve(out).resolve("deployed")).graph();
        Graph exported = OnnxImporter.read(dir.resolve(out).resolve("model.onnx")).graph();
        long relus = r.get("after").get("relus").asLong();
        assertEquals(relus, CostAnalysis.of(deployed).relus());
        assertEquals(relus, CostAnalysis.of(exported).relus());
        assertEquals(relus, r.get("verification").get("budget").get("relus").asLong());
        assertEquals(allowed, r.get("verification").get("budget").get("allowedRelus").asLong());
        assertTrue(relus <= allowed, relus + " > " + allowed);
        assertEquals(r.get("selection").get("predictedRelus").asLong(), relus);
        JsonNode v = r.get("verification");
        assertEquals(0, v.get("predictionMismatches").asInt());
        assertTrue(v.get("maxAbsLogitDiff").asDouble() < 1e-3, v.toString());
        return exported;
    }

    private static long count(Graph g, Class<?> op) {
        return g.nodes().stream().filter(n -> op.isInstance(n.op())).count();
    }

    @Test
    void cullRemovesWholeReluLayersAndMergesNothing() throws Exception {
        JsonNode r = shallow("cull", "--method", "cull", "--relu-budget", Long.toString(BUDGET));
        assertEquals("cull", r.get("method").asText());
        Graph exported = checkCounts("cull", r, BUDGET);
        JsonNode t = r.get("teacher");
        JsonNode d = r.get("deployed");
        assertEquals(t.get("macs").asLong(), d.get("macs").asLong());
        assertEquals(t.get("convs").asLong(), d.get("convs").asLong());
        assertEquals(t.get("linearDepth").asLong(), d.get("linearDepth").asLong());
        assertEquals(t.get("reluLayers").asInt() - r.get("selected").size(), d.get("reluLayers").asInt());
        assertEquals(0, count(exported, ChannelGather.class));
        ShallowCommandTest.reportHtmlEqualsReportJson(dir.resolve("cull"), r);
    }

    @Test
    void snlMasksChannelsToTheBudgetAndExportsThemAsGathersAndConcats() throws Exception {
        JsonNode r = shallow("snl", "--method", "snl", "--relu-budget", Long.toString(BUDGET),
                "--mask-settle-epochs", "2");
        Graph exported = checkCounts("snl", r, BUDGET);
        assertTrue(count(exported, ChannelGather.class) > 0 && count(exported, Concat.class) > 0);
        JsonNode t = r.get("teacher");
        assertEquals(t.get("macs").asLong(), r.get("deployed").get("macs").asLong());
        // the masks in the plan account for every ReLU the deployed model computes
        Graph student = Checkpoint.read(dir.resolve("snl/student")).graph();
        long fromMasks = CostAnalysis.of(student).relus();
        JsonNode masks = r.get("selection").get("channelMasks");
        for (Iterator<Map.Entry<String, JsonNode>> it = masks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long plane = student.shape(e.getKey()).elements() / e.getValue().get("channels").asInt();
            fromMasks -= plane * (e.getValue().get("channels").asInt() - e.getValue().get("kept").size());
        }
        assertEquals(r.get("after").get("relus").asLong(), fromMasks);
        JsonNode sens = JSON.readTree(dir.resolve("snl/sensitivity.json").toFile());
        assertEquals("snl", sens.get("method").asText());
        assertEquals(t.get("reluLayers").asInt(), sens.get("candidates").size());
        ShallowCommandTest.reportHtmlEqualsReportJson(dir.resolve("snl"), r);
        // the alphas settled towards the masks they were binarised to before the masks were fixed
        JsonNode settling = r.get("selection").get("channelTraining").get("settling");
        assertTrue(settling.get("steps").asLong() > 0, settling.toString());
        assertTrue(settling.get("largestAlphaErrorAfter").asDouble() < 0.5, settling.toString());
        assertTrue(settling.get("settled").asBoolean(), settling.toString());
        assertTrue(settling.get("largestAlphaErrorAfter").asDouble()
                < settling.get("largestAlphaErrorBefore").asDouble(), settling.toString());
        // every trained alpha stayed a blend of ReLU and identity
        int alphas = 0;
        for (JsonNode c : sens.get("candidates")) {
            for (JsonNode a : c.get("alphas")) {
                assertTrue(a.asDouble() >= 0 && a.asDouble() <= 1, c.get("name") + ": alpha " + a);
                alphas++;
            }
        }
        assertTrue(alphas > 0, "sensitivity.json lists no alphas");

        // a resumed run has nothing left to train and deploys the same masked student again
        AnalyzeCommandTest.Result again = run("shallow", "--teacher", teacher.toString(), "--method", "snl",
                "--relu-budget", Long.toString(BUDGET), "--test-subset", "500", "--out",
                dir.resolve("snl").toString(), "--resume", "--quiet");
        assertEquals(0, again.code(), again.err());
        JsonNode r2 = JSON.readTree(dir.resolve("snl/report.json").toFile());
        assertEquals(r.get("after").get("relus"), r2.get("after").get("relus"));
        assertEquals(r.get("after").get("accuracy"), r2.get("after").get("accuracy"));
    }

    @Test
    void jointMergesBlocksThenMasksChannelsToTheBudget() throws Exception {
        JsonNode r = shallow("joint", "--method", "joint", "--relu-reduction", "3");
        long allowed = (long) Math.floor(36_064 / 3.0);
        Graph exported = checkCounts("joint", r, allowed);
        JsonNode t = r.get("teacher");
        JsonNode d = r.get("deployed");
        assertTrue(d.get("macs").asLong() < t.get("macs").asLong(), "merged pairs cut MACs");
        assertTrue(d.get("convs").asLong() < t.get("convs").asLong());
        assertTrue(r.get("selected").size() > 0);
        assertTrue(r.get("selection").get("channelMasks").size() > 0);
        assertTrue(count(exported, ChannelGather.class) > 0);
        assertTrue(Files.isRegularFile(dir.resolve("joint/sensitivity.json")));
        ShallowCommandTest.reportHtmlEqualsReportJson(dir.resolve("joint"), r);

        // joint chose its block stage among its tries, by calibration accuracy, and deployed the one it chose
        JsonNode search = r.get("selection").get("splitSearch");
        assertTrue(search.get("tries").size() >= 2, search.toString());
        JsonNode chosen = null;
        double best = -1;
        for (JsonNode tried : search.get("tries")) {
            double a = tried.get("calibrationAccuracy").asDouble();
            assertTrue(a >= 0 && a <= 1, tried.toString());
            best = Math.max(best, a);
            if (tried.get("chosen").asBoolean()) {
                assertEquals(null, chosen, "one try is chosen");
                chosen = tried;
            }
        }
        assertEquals(best, chosen.get("calibrationAccuracy").asDouble());
        assertEquals(chosen.get("selected"), r.get("selected"));
        assertEquals(chosen.get("blockBudget").asText(), r.get("selection").get("blockBudget").asText());

        // with --block-reduction it makes one try and records no search
        JsonNode fixed = shallow("joint-fixed", "--method", "joint", "--relu-reduction", "3", "--block-reduction",
                "1.2");
        checkCounts("joint-fixed", fixed, allowed);
        assertEquals(null, fixed.get("selection").get("splitSearch"));
        assertEquals("ReLU budget " + (long) Math.floor(36_064 / 1.2),
                fixed.get("selection").get("blockBudget").asText());
    }

    @Test
    void flagsAMethodCannotUseAreRefusedByName() {
        String out = dir.resolve("refused").toString();
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--method", "prune",
                "--relu-reduction", "2", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--method") && r.err().contains("prune"), r.err());
        r = run("shallow", "--teacher", teacher.toString(), "--method", "snl", "--relu-reduction", "2",
                "--mac-reduction", "1.2", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--mac-reduction"), r.err());
        r = run("shallow", "--teacher", teacher.toString(), "--method", "cull", "--relu-reduction", "2",
                "--block-reduction", "1.5", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--block-reduction"), r.err());
        r = run("shallow", "--teacher", teacher.toString(), "--method", "snl", "--relu-reduction", "2",
                "--sensitivity-only", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--sensitivity-only"), r.err());
        assertTrue(r.err().lines().count() == 1, r.err());
    }
}
