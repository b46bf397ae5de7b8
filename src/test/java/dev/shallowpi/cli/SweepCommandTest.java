package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.report.HtmlTables;
import dev.shallowpi.report.RecordRoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep of two budgets on the tiny teacher, then reruns: finished budgets are skipped, sensitivity reused. */
class SweepCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AnalyzeCommandTest.Result sweep(Path out, String budgets, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--teacher", TinyTeacher.get().toString(),
                "--relu-reduction", budgets, "--epochs", "1", "--batch-size", "50", "--test-subset", "500",
                "--calibration-images", "200", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(new String[0]));
    }

    @Test
    void aSweepRunsEachBudgetOnceAndAReRunSkipsTheFinishedOnes() throws Exception {
        Path out = dir.resolve("sweep");
        AnalyzeCommandTest.Result first = sweep(out, "1.2,1.5");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("measuring sensitivity"), first.out());
        for (String f : new String[] {"sweep.csv", "sweep.json", "sensitivity.json", "report.html",
                "relu-1.2/report.json", "relu-1.2/report.html", "relu-1.5/report.json", "relu-1.5/report.html"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        JsonNode sweep = JSON.readTree(out.resolve("sweep.json").toFile());
        JsonNode teacher = sweep.get("teacher");
        for (int i = 0; i < 2; i++) {
            JsonNode b = sweep.get("budgets").get(i);
            JsonNode report = JSON.readTree(out.resolve(b.get("dir").asText()).resolve("report.json").toFile());
            assertEquals("finished", b.get("status").asText());
            assertEquals(report.get("after").get("relus").asLong(), b.get("relus").asLong());
            assertEquals(report.get("after").get("accuracy").asDouble(), b.get("accuracy").asDouble(), 0);
            assertEquals(report.get("after").get("pi"), b.get("pi"));
            assertTrue(b.get("relus").asLong() * new double[] {1.2, 1.5}[i] <= teacher.get("relus").asLong());
            assertTrue(report.get("command").asText().startsWith("shallowpi sweep "));
        }
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("budget,flag,value,status,accuracy,"));
        assertTrue(csv.get(1).startsWith("teacher,"));
        assertTrue(csv.get(2).startsWith("relu-1.2,--relu-reduction,1.2,finished,"));

        // report.html: the sweep table is sweep.json, and the oracle notices a changed number
        Element table = HtmlTables.table(HtmlTables.parse(out.resolve("report.html")), "sweep");
        assertEquals(9 + 2 * 13, HtmlTables.assertMatches(table, sweep), "teacher row and two budget rows");
        ObjectNode tampered = sweep.deepCopy();
        ((ObjectNode) tampered.get("budgets").get(1)).put("macs", sweep.get("budgets").get(1).get("macs").asLong() + 1);
        assertThrows(AssertionFailedError.class, () -> HtmlTables.assertMatches(table, tampered));
        String html = Files.readString(out.resolve("report.html"));
        assertEquals(3, html.split("<svg ", -1).length - 1, "two trade-off charts and the sensitivity chart");
        RecordRoundTrip.assertRoundTrips(out.resolve("sweep.json"));
        RecordRoundTrip.assertRoundTrips(out.resolve("relu-1.2/report.json"));
        aPendingBudgetHasNoFiguresAndAFinishedOneAll(sweep);

        // rerun with a third budget: the two finished are skipped, the sensitivity is reused
        FileTime sensitivityTime = Files.getLastModifiedTime(out.resolve("sensitivity.json"));
        FileTime finishedTime = Files.getLastModifiedTime(out.resolve("relu-1.2/report.json"));
        AnalyzeCommandTest.Result second = sweep(out, "1.2,1.5,1.3");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("skipped relu-1.2: finished by an earlier run"), second.out());
        assertTrue(second.out().contains("skipped relu-1.5: finished by an earlier run"), second.out());
        assertTrue(second.out().contains("reusing " + out.resolve("sensitivity.json")), second.out());
        assertFalse(second.out().contains("measuring sensitivity"), second.out());
        assertEquals(sensitivityTime, Files.getLastModifiedTime(out.resolve("sensitivity.json")));
        assertEquals(finishedTime, Files.getLastModifiedTime(out.resolve("relu-1.2/report.json")));
        assertTrue(Files.isRegularFile(out.resolve("relu-1.3/report.json")));
        assertEquals(5, Files.readAllLines(out.resolve("sweep.csv")).size());
        assertEquals(JSON.readTree(out.resolve("sensitivity.json").toFile()),
                JSON.readTree(out.resolve("relu-1.3/sensitivity.json").toFile()), "the budget used the shared one");

        // a rerun with other settings would mix incomparable students: refused, naming the setting
        AnalyzeCommandTest.Result other = sweep(out, "1.2", "--seed", "7");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--seed 7 differs from the run's 0"), other.err());
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }

    /**
     * A job array: --prepare, then each --unit in any order, then --collect, gives the sweep one sequential run gives
     * (same seeds, same figures); a unit before --prepare, a unit the plan does not have, and two steps at once are
     * refused with one line.
     */
    @Test
    void aJobArrayOfUnitsCollectsTheSweepOfOneSequentialRun() throws Exception {
        Path sequential = dir.resolve("sequential");
        AnalyzeCommandTest.Result all = sweep(sequential, "1.2,1.5");
        assertEquals(0, all.code(), all.err());

        Path array = dir.resolve("array");
        AnalyzeCommandTest.Result early = sweep(array, "1.2,1.5", "--unit", "0");
        assertEquals(2, early.code());
        assertTrue(early.err().contains("holds no sweep.json: prepare the sweep once before its units"), early.err());
        AnalyzeCommandTest.Result both = sweep(array, "1.2,1.5", "--prepare", "--collect");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give one of them"), both.err());

        AnalyzeCommandTest.Result prepare = sweep(array, "1.2,1.5", "--prepare");
        assertEquals(0, prepare.code(), prepare.err());
        assertTrue(Files.isRegularFile(array.resolve("sensitivity.json")));
        assertFalse(Files.exists(array.resolve("relu-1.2")), "prepare runs no unit");
        JsonNode prepared = JSON.readTree(array.resolve("sweep.json").toFile());
        assertEquals("pending", prepared.get("budgets").get(0).get("status").asText());

        AnalyzeCommandTest.Result beyond = sweep(array, "1.2,1.5", "--unit", "2");
        assertEquals(2, beyond.code());
        assertTrue(beyond.err().contains("unit 2: the sweep has 2 budgets, units 0 to 1"), beyond.err());
        AnalyzeCommandTest.Result second = sweep(array, "1.2,1.5", "--unit", "1");
        assertEquals(0, second.code(), second.err());
        assertTrue(Files.isRegularFile(array.resolve("relu-1.5/report.json")));
        assertFalse(Files.exists(array.resolve("relu-1.2/report.json")), "a unit runs only itself");
        assertEquals(prepared, JSON.readTree(array.resolve("sweep.json").toFile()), "a unit leaves the summary");
        assertTrue(second.out().contains("reusing " + array.resolve("sensitivity.json")), second.out());
        AnalyzeCommandTest.Result first = sweep(array, "1.2,1.5", "--unit", "0");
        assertEquals(0, first.code(), first.err());
        AnalyzeCommandTest.Result collect = sweep(array, "1.2,1.5", "--collect");
        assertEquals(0, collect.code(), collect.err());
        assertTrue(Files.isRegularFile(array.resolve("report.html")));

        JsonNode one = JSON.readTree(sequential.resolve("sweep.json").toFile());
        JsonNode split = JSON.readTree(array.resolve("sweep.json").toFile());
        assertEquals(one.get("teacher"), split.get("teacher"));
        assertEquals(one.get("settings"), split.get("settings"));
        assertEquals(one.get("budgets"), split.get("budgets"), "every figure of every budget");
        assertEquals(Files.readString(sequential.resolve("sweep.csv")), Files.readString(array.resolve("sweep.csv")));
    }

    /**
     * sweep.json as the page reads it, with a budget not finished (as while a sweep runs): the row reads back without
     * figures and is written back so, and the page shows it; a finished row without a figure is refused naming it.
     */
    private void aPendingBudgetHasNoFiguresAndAFinishedOneAll(JsonNode sweep) throws Exception {
        ObjectNode running = sweep.deepCopy();
        ((ObjectNode) running.get("budgets").get(1)).retain("name", "flag", "value", "dir", "status")
                .put("status", "pending");
        Path dir = withSweep("running", running);
        RecordRoundTrip.assertRoundTrips(dir.resolve("sweep.json"));
        AnalyzeCommandTest.Result drawn = run("report", dir.toString());
        assertEquals(0, drawn.code(), drawn.err());
        Element table = HtmlTables.table(HtmlTables.parse(dir.resolve("report.html")), "sweep");
        assertEquals(9 + 13, HtmlTables.assertMatches(table, running), "the teacher row and one budget row");
        assertEquals("pending", HtmlTables.rows(table).get(3).get(1).getTextContent());

        ObjectNode incomplete = sweep.deepCopy();
        ((ObjectNode) incomplete.get("budgets").get(1)).remove("relus");
        Path bad = withSweep("incomplete", incomplete);
        AnalyzeCommandTest.Result refused = run("report", bad.toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains(bad.resolve("sweep.json") + ": has no 'budgets.1.relus'"), refused.err());
    }

    /** A folder of its own holding {@code sweep} as its sweep.json, written as a sweep writes it. */
    private Path withSweep(String name, JsonNode sweep) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Files.writeString(out.resolve("sweep.json"), Checkpoint.json().writeValueAsString(sweep));
        return out;
    }

    @Test
    void badSweepsAreRefusedUpFront() {
        AnalyzeCommandTest.Result two = run("sweep", "--teacher", TinyTeacher.get().toString(), "--relu-reduction",
                "1.2", "--mac-reduction", "1.1", "--out", dir.resolve("two").toString());
        assertEquals(2, two.code());
        assertTrue(two.err().contains("exactly one of --relu-reduction"), two.err());
        AnalyzeCommandTest.Result far = run("sweep", "--teacher", TinyTeacher.get().toString(), "--mac-reduction",
                "1.1,9", "--out", dir.resolve("far").toString());
        assertEquals(2, far.code());
        assertTrue(far.err().contains("--mac-reduction 9.00x is out of reach"), far.err());
        assertFalse(Files.exists(dir.resolve("far/sensitivity.json")), "refused before measuring");
        AnalyzeCommandTest.Result latency = run("sweep", "--teacher", TinyTeacher.get().toString(),
                "--latency-reduction", "1.2", "--out", dir.resolve("lat").toString());
        assertEquals(2, latency.code());
        assertTrue(latency.err().contains("--latency-reduction needs --pi-profile"), latency.err());
        AnalyzeCommandTest.Result noReport = run("report", dir.toString());
        assertEquals(2, noReport.code());
        assertTrue(noReport.err().contains("holds neither report.json"), noReport.err());
    }
}
