package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfiles;
import dev.shallowpi.report.HtmlTables;
import dev.shallowpi.report.RecordRoundTrip;
import dev.shallowpi.results.SchemaVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The method end to end on a tiny teacher (resnet20 x0.25, 1,000 images, one epoch each), as a user runs it. */
class ShallowCommandTest {
    @TempDir
    static Path dir;
    static Path teacher;

    @BeforeAll
    static void trainTeacher() {
        teacher = TinyTeacher.get();
    }

    private static JsonNode shallow(String out, String... extra) throws Exception {
        String[] base = {"shallow", "--teacher", teacher.toString(), "--epochs", "1", "--batch-size", "50",
                "--test-subset", "500", "--calibration-images", "200", "--out", dir.resolve(out).toString(), "--quiet"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        AnalyzeCommandTest.Result r = run(args);
        assertEquals(0, r.code(), r.err());
        for (String f : new String[] {"report.json", "sensitivity.json", "plan.json", "student/checkpoint.zip",
                "student/metrics.json", "deployed/checkpoint.zip", "report.html"}) {
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
        // PI estimates under the default profile, from the deployed counts
        JsonNode pi = r.get("after").get("pi");
        assertEquals("delphi-wan", pi.get("profile").asText());
        assertEquals(PiEstimate.of(PiProfiles.load("delphi-wan"), d.get("relus").asLong(), d.get("macs").asLong(),
                d.get("reluDepth").asInt(), d.get("linearDepth").asInt()).online().seconds(),
                pi.get("onlineSeconds").asDouble(), 1e-12);
        assertEquals(d.get("reluDepth").asInt() + 1, pi.get("rounds").asInt());
        assertEquals(r.get("before").get("pi").get("onlineSeconds").asDouble() / pi.get("onlineSeconds").asDouble(),
                r.get("pi").get("onlineLatencyReduction").asDouble(), 1e-12);
        assertTrue(r.get("pi").get("roundsDefinition").asText().contains("nonlinear depth"));
        assertEquals(d.get("reluDepth").asInt(), d.get("nonlinearDepth").asInt(), "a ReLU-only model");
        reportHtmlEqualsReportJson(dir.resolve("same"), r);
        reportReadsOlderFilesAndNamesWhatIsMissing(dir.resolve("same"));
    }

    /**
     * report.json as the page reads it: a file of an older shallowpi (no schemaVersion, keys since dropped) still
     * renders; one without a value the page shows is refused in one line naming the file and the key, as is one with
     * a value of the wrong kind; a later schema version is refused by name.
     */
    private static void reportReadsOlderFilesAndNamesWhatIsMissing(Path run) throws Exception {
        ObjectNode r = (ObjectNode) new ObjectMapper().readTree(run.resolve("report.json").toFile());
        ObjectNode old = r.deepCopy();
        old.remove("schemaVersion");
        old.put("retiredKey", 1);
        ((ObjectNode) old.get("after")).put("retiredKey", "x");
        ((ObjectNode) old.get("selection")).put("retiredKey", true);
        Path oldRun = withReport("older", old);
        AnalyzeCommandTest.Result drawn = run("report", oldRun.toString());
        assertEquals(0, drawn.code(), drawn.err());
        org.w3c.dom.Document doc = HtmlTables.parse(oldRun.resolve("report.html"));
        assertEquals(12 * 2 + 5, HtmlTables.assertMatches(HtmlTables.table(doc, "summary"), old));

        ObjectNode incomplete = r.deepCopy();
        ((ObjectNode) incomplete.get("before").get("pi")).remove("onlineSeconds");
        assertRefused(withReport("incomplete", incomplete), "has no 'before.pi.onlineSeconds' (written by an older "
                + "shallowpi? run the command again)");
        ObjectNode noLayers = r.deepCopy();
        ((ObjectNode) noLayers.get("after")).putNull("layers");
        assertRefused(withReport("no-layers", noLayers), "has no 'after.layers'");
        ObjectNode wrong = r.deepCopy();
        ((ObjectNode) wrong.get("after")).put("relus", "many");
        assertRefused(withReport("wrong", wrong), "'after.relus' is not what this shallowpi reads there");
        ObjectNode later = r.deepCopy();
        later.put("schemaVersion", SchemaVersion.CURRENT + 1);
        assertRefused(withReport("later", later), "schemaVersion " + (SchemaVersion.CURRENT + 1) + " is not one "
                + "this shallowpi reads");
    }

    /** A folder of its own holding {@code report} as its report.json. */
    private static Path withReport(String name, JsonNode report) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("report.json"), new ObjectMapper().writeValueAsString(report));
        return run;
    }

    /** {@code shallowpi report} refuses the folder with one line naming its report.json and saying {@code why}. */
    private static void assertRefused(Path run, String why) {
        AnalyzeCommandTest.Result r = run("report", run.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(run.resolve("report.json") + ": " + why), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    /** The check: the numbers in report.html's tables are report.json's, in the rows they claim. */
    static void reportHtmlEqualsReportJson(Path out, JsonNode r) throws Exception {
        RecordRoundTrip.assertRoundTrips(out.resolve("report.json"));
        org.w3c.dom.Document doc = HtmlTables.parse(out.resolve("report.html"));
        org.w3c.dom.Element summary = HtmlTables.table(doc, "summary");
        assertEquals(12 * 2 + 5, HtmlTables.assertMatches(summary, r), "12 rows, 5 of them with a reduction");
        java.util.Map<String, String> rowKeys = java.util.Map.of("test accuracy", "accuracy", "ReLUs", "relus",
                "MACs", "macs", "ReLU depth", "reluDepth", "PI online round trips", "pi.rounds");
        for (java.util.List<org.w3c.dom.Element> row : HtmlTables.rows(summary)) {
            String key = rowKeys.get(row.get(0).getTextContent());
            if (key != null) {
                assertEquals("before." + key, row.get(1).getAttribute("data-key"));
                assertEquals("after." + key, row.get(2).getAttribute("data-key"));
            }
        }
        org.w3c.dom.Element layers = HtmlTables.table(doc, "layers");
        int cells = HtmlTables.assertMatches(layers, r);
        long costly = 0;
        for (JsonNode l : r.get("before").get("layers")) {
            costly += l.get("relus").asLong() > 0 || l.get("macs").asLong() > 0 ? 1 : 0;
        }
        assertTrue(cells >= 2 * costly + 4, cells + " cells for " + costly + " teacher layers");
        // each row's teacher layer is the one whose counts it shows
        for (java.util.List<org.w3c.dom.Element> row : HtmlTables.rows(layers)) {
            String key = row.size() > 2 ? row.get(2).getAttribute("data-key") : "";
            if (key.startsWith("before.layers[")) {
                assertEquals(HtmlTables.at(r, key.replace(".relus", ".name")).asText(), row.get(0).getTextContent());
            }
            String after = row.size() > 6 ? row.get(6).getAttribute("data-key") : "";
            if (after.startsWith("after.layers[")) {
                assertEquals(HtmlTables.at(r, after.replace(".relus", ".name")).asText(), row.get(4).getTextContent());
            }
        }
        String html = java.nio.file.Files.readString(out.resolve("report.html"));
        assertEquals(3, html.split("<svg ", -1).length - 1, "sensitivity and two trade-off charts");
        assertTrue(html.contains(r.get("command").asText()), "the command under the figures");
        assertTrue(html.contains(r.get("convention").asText()) && html.contains("delphi-wan"));
        String fetched = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for (String external : new String[] {"<script", "http:", "https:", "src=", "<link"}) {
            assertFalse(fetched.contains(external), "self-contained, yet has " + external);
        }
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
    void aLatencyBudgetNeedsANamedProfileAndIsMetOnThePlan() throws Exception {
        AnalyzeCommandTest.Result none = run("shallow", "--teacher", teacher.toString(), "--latency-reduction", "1.3",
                "--out", dir.resolve("latency-none").toString(), "--quiet");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--latency-reduction needs --pi-profile"), none.err());
        Path out = dir.resolve("latency");
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--latency-reduction", "1.3",
                "--pi-profile", "delphi-lan", "--calibration-images", "100", "--sensitivity-only", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode plan = new ObjectMapper().readTree(out.resolve("plan.json").toFile());
        assertEquals("delphi-lan", plan.get("piProfile").asText());
        assertTrue(plan.get("predictedOnlineLatencyReduction").asDouble() >= 1.3, plan.toString());
        assertTrue(plan.get("budget").asText().contains("latency reduction 1.30x (delphi-lan, online)"));
    }

    @Test
    void anUnreachableBudgetNamesTheBestReachableValue() {
        AnalyzeCommandTest.Result r = run("shallow", "--teacher", teacher.toString(), "--mac-reduction", "9",
                "--calibration-images", "100", "--out", dir.resolve("none").toString(), "--quiet");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("9") && r.err().contains("at most"), r.err());
    }
}
