package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.KillSwitch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --executor spark} in an in-process Spark (local mode, 2 cores, each task given both as spark.task.cpus
 * asks on a cluster, and a failed task tried once more): a sweep and a comparison give the figures of the sequential
 * run, and a unit whose task fails mid-training is retried by Spark and continues from its checkpoint.
 */
class SparkUnitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void localSpark() {
        System.setProperty("spark.master", "local[2,2]");
        System.setProperty("spark.task.cpus", "2");
        System.setProperty("spark.ui.enabled", "false");
    }

    @AfterAll
    static void noSpark() {
        System.clearProperty("spark.master");
        System.clearProperty("spark.task.cpus");
        System.clearProperty("spark.ui.enabled");
    }

    private static AnalyzeCommandTest.Result job(String command, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, "--teacher", TinyTeacher.get().toString(), "--epochs",
                "2", "--batch-size", "50", "--test-subset", "500", "--calibration-images", "200", "--out",
                out.toString()));
        args.addAll(Arrays.asList(extra));
        return run(args.toArray(new String[0]));
    }

    private static void sameFigures(Path sequential, Path spark, String file, String rows) throws Exception {
        JsonNode one = JSON.readTree(sequential.resolve(file).toFile());
        JsonNode other = JSON.readTree(spark.resolve(file).toFile());
        assertEquals(one.get("teacher"), other.get("teacher"));
        assertEquals(one.get("settings"), other.get("settings"));
        assertEquals(one.get(rows), other.get(rows), "every figure of every unit");
        for (JsonNode r : other.get(rows)) {
            assertEquals("finished", r.get("status").asText(), r.toString());
        }
    }

    @Test
    void aSweepOnSparkIsTheSequentialSweepEvenWhenATaskFails() throws Exception {
        Path sequential = dir.resolve("sweep-sequential");
        AnalyzeCommandTest.Result one = job("sweep", sequential, "--relu-reduction", "1.2,1.5");
        assertEquals(0, one.code(), one.err());

        Path spark = dir.resolve("sweep-spark");
        // the 30th training step from now lies in the second epoch of the first unit Spark runs
        KillSwitch.failOnce("step", 30);
        // a task prints where an executor prints, on the process's own streams
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream taskOut = new ByteArrayOutputStream();
        ByteArrayOutputStream taskErr = new ByteArrayOutputStream();
        AnalyzeCommandTest.Result r;
        try {
            System.setOut(new PrintStream(taskOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(taskErr, true, StandardCharsets.UTF_8));
            r = job("sweep", spark, "--relu-reduction", "1.2,1.5", "--executor", "spark");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("running 2 units as Spark tasks (local[2,2])"), r.out());
        String units = taskOut.toString(StandardCharsets.UTF_8);
        assertTrue(taskErr.toString(StandardCharsets.UTF_8).contains("KillSwitch: failed at step"),
                "a unit's task failed once");
        assertEquals(2, units.split("epoch 1/2", -1).length - 1, "its retry continued in epoch 2: " + units);
        assertEquals(2, units.split("epoch 2/2", -1).length - 1, units);
        for (String f : new String[] {"sweep.json", "sweep.csv", "report.html", "sensitivity.json"}) {
            assertTrue(Files.isRegularFile(spark.resolve(f)), f);
        }
        sameFigures(sequential, spark, "sweep.json", "budgets");
    }

    @Test
    void aComparisonOnSparkIsTheSequentialComparison() throws Exception {
        Path sequential = dir.resolve("compare-sequential");
        String[] methods = {"--relu-budget", "18000", "--methods", "shallow,cull"};
        AnalyzeCommandTest.Result one = job("compare", sequential, methods);
        assertEquals(0, one.code(), one.err());
        Path spark = dir.resolve("compare-spark");
        List<String> onSpark = new ArrayList<>(List.of(methods));
        onSpark.addAll(List.of("--executor", "spark"));
        AnalyzeCommandTest.Result r = job("compare", spark, onSpark.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        sameFigures(sequential, spark, "compare.json", "methods");
    }

    @Test
    void sparkIsRefusedWithAStepOfItsOwnAnotherExecutorOrNoMaster() {
        AnalyzeCommandTest.Result both = job("sweep", dir.resolve("both"), "--relu-reduction", "1.2", "--executor",
                "spark", "--unit", "0");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--executor spark runs --prepare, each --unit and --collect itself"),
                both.err());
        AnalyzeCommandTest.Result other = job("sweep", dir.resolve("other"), "--relu-reduction", "1.2", "--executor",
                "yarn");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("--executor must be local or spark, got 'yarn'"), other.err());
        Path masterless = dir.resolve("masterless");
        System.clearProperty("spark.master");
        try {
            AnalyzeCommandTest.Result none = job("sweep", masterless, "--relu-reduction", "1.2", "--executor", "spark");
            assertEquals(2, none.code());
            assertTrue(none.err().contains("no Spark master is set; run the jar with spark-submit"), none.err());
            assertTrue(!Files.exists(masterless), "refused before anything was prepared");
        } finally {
            System.setProperty("spark.master", "local[2,2]");
        }
    }
}
