package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.report.HtmlTables;
import dev.shallowpi.report.RecordRoundTrip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code compare} on the tiny teacher: each method at the same budget in a folder of its own, one table, the
 * sensitivity measured once for the methods that rank layers, finished methods skipped on a rerun.
 */
class CompareCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long BUDGET = 14_000;

    @TempDir
    Path dir;

    private AnalyzeCommandTest.Result compare(Path out, String methods, String... extra) {
        List<String> args = new ArrayList<>(List.of("compare", "--teacher", TinyTeacher.get().toString(),
                "--relu-budget", Long.toString(BUDGET), "--methods", methods, "--epochs", "1", "--mask-epochs", "1",
                "--batch-size", "50", "--test-subset", "500", "--calibration-images", "200", "--out", out.toString()));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(new String[0]));
    }

    @Test
    void eachMethodRunsAtTheBudgetAndAReRunSkipsTheFinishedOnes() throws Exception {
        Path out = dir.resolve("cmp");
        AnalyzeCommandTest.Result first = compare(out, "shallow,snl");
        assertEquals(0, first.code(), first.err());
        JsonNode c = JSON.readTree(out.resolve("compare.json").toFile());
        assertEquals("ReLU budget " + BUDGET, c.get("settings").get("budget").asText());
        for (int i = 0; i < 2; i++) {
            JsonNode m = c.get("methods").get(i);
            String name = new String[] {"shallow", "snl"}[i];
            assertEquals(name, m.get("name").asText());
            assertEquals("finished", m.get("status").asText());
            JsonNode report = JSON.readTree(out.resolve(name).resolve("report.json").toFile());
            assertEquals(name, report.get("method").asText());
            assertEquals(report.get("after").get("relus").asLong(), m.get("relus").asLong());
            assertEquals(report.get("after").get("accuracy").asDouble(), m.get("accuracy").asDouble(), 0);
            assertEquals(report.get("after").get("pi"), m.get("pi"));
            assertTrue(m.get("relus").asLong() <= BUDGET, m.toString());
            assertTrue(report.get("command").asText().startsWith("shallowpi compare "));
            assertTrue(Files.isRegularFile(out.resolve(name).resolve("report.html")), name);
        }
        assertTrue(c.get("methods").get(1).get("channelMaskedLayers").asInt() > 0);
        List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
        assertEquals(4, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("method,flag,value,status,accuracy,"));
        assertTrue(csv.get(1).startsWith("teacher,"));
        assertTrue(csv.get(3).startsWith("snl,--method,snl,finished,"));
        Element table = HtmlTables.table(HtmlTables.parse(out.resolve("report.html")), "compare");
        assertEquals(9 + 2 * 13, HtmlTables.assertMatches(table, c), "teacher row and two method rows");
        assertEquals(2, Files.readString(out.resolve("report.html")).split("<svg ", -1).length - 1,
                "the two trade-off charts, each method a series");
        RecordRoundTrip.assertRoundTrips(out.resolve("compare.json"));
        RecordRoundTrip.assertRoundTrips(out.resolve("snl/report.json"));

        // a rerun with cull: shallow and snl skipped, the sensitivity measured for shallow reused by cull
        FileTime sensitivityTime = Files.getLastModifiedTime(out.resolve("sensitivity.json"));
        FileTime finished = Files.getLastModifiedTime(out.resolve("snl/report.json"));
        AnalyzeCommandTest.Result second = compare(out, "shallow,snl,cull");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("skipped snl: finished by an earlier run"), second.out());
        assertTrue(second.out().contains("reusing " + out.resolve("sensitivity.json")), second.out());
        assertFalse(second.out().contains("measuring sensitivity"), second.out());
        assertEquals(sensitivityTime, Files.getLastModifiedTime(out.resolve("sensitivity.json")));
        assertEquals(finished, Files.getLastModifiedTime(out.resolve("snl/report.json")));
        JsonNode cull = JSON.readTree(out.resolve("cull/report.json").toFile());
        assertTrue(cull.get("after").get("relus").asLong() <= BUDGET);
        assertEquals(5, Files.readAllLines(out.resolve("compare.csv")).size());

        // another budget would not be comparable: refused, naming it
        AnalyzeCommandTest.Result other = run("compare", "--teacher", TinyTeacher.get().toString(), "--relu-budget",
                "20000", "--methods", "snl", "--epochs", "1", "--batch-size", "50", "--test-subset", "500",
                "--calibration-images", "200", "--out", out.toString());
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--relu-budget 20000 differs from the run's 14000"), other.err());
        try (Stream<Path> left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files");
        }
    }

    @Test
    void badComparisonsAreRefusedUpFrontNamingTheFlag() {
        String out = dir.resolve("bad").toString();
        String t = TinyTeacher.get().toString();
        AnalyzeCommandTest.Result r = run("compare", "--teacher", t, "--relu-budget", "14000", "--methods",
                "snl,prune", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--methods") && r.err().contains("prune"), r.err());
        r = run("compare", "--teacher", t, "--relu-budget", "14000", "--methods", "snl,snl", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--methods: snl is given twice"), r.err());
        r = run("compare", "--teacher", t, "--methods", "snl", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--relu-budget"), r.err());
        r = run("compare", "--teacher", t, "--relu-budget", "14000", "--method", "snl", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--method:"), r.err());
        r = run("compare", "--teacher", t, "--relu-budget", "-1", "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--relu-budget"), r.err());
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written");
    }
}
