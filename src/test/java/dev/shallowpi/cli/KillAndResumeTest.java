package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.checkpoint.KillSwitch;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs killed the way {@code kill -9} kills them (the JVM halted at a chosen point, see {@link KillSwitch}) during an
 * epoch and during a checkpoint write, then resumed: each ends with the same weights and metrics as the same run
 * left alone, and leaves no temporary file behind. Every run is a process of its own, as a user's would be.
 */
class KillAndResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void trainKilledInAnEpochOrInACheckpointWriteResumesToTheSameRun() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(0, cli(null, train(whole)).code);

        // killed in the second epoch (4 steps an epoch): the first epoch's checkpoint is kept
        Path inEpoch = dir.resolve("in-epoch");
        assertEquals(137, cli("step:6", train(inEpoch)).code);
        assertEquals(1, JSON.readTree(inEpoch.resolve("metrics.json").toFile()).get("epochsDone").asInt());
        assertEquals(0, cli(null, "train", "--resume", "--out", inEpoch.toString(), "--quiet").code);
        assertSameTraining(whole, inEpoch);

        // killed with the second epoch's checkpoint half written: the first's is kept, the debris is removed
        Path inWrite = dir.resolve("in-write");
        assertEquals(137, cli("write:checkpoint.zip:2", train(inWrite)).code);
        assertFalse(temporaryFiles(inWrite).isEmpty(), "the kill left the half-written checkpoint");
        assertEquals(1, JSON.readTree(inWrite.resolve("metrics.json").toFile()).get("epochsDone").asInt());
        assertEquals(0, cli(null, "train", "--resume", "--out", inWrite.toString(), "--quiet").code);
        assertEquals(List.of(), temporaryFiles(inWrite));
        assertSameTraining(whole, inWrite);

        // killed before anything was saved: nothing to resume, said so; started again, it is the same run
        Path early = dir.resolve("early");
        assertEquals(137, cli("step:2", train(early)).code);
        Run refused = cli(null, "train", "--resume", "--out", early.toString());
        assertEquals(2, refused.code, refused.err);
        assertTrue(refused.err.contains("without --resume"), refused.err);
        assertEquals(0, cli(null, train(early)).code);
        assertSameTraining(whole, early);
    }

    @Test
    void shallowKilledInFineTuningOrInACheckpointWriteResumesToTheSameRun() throws Exception {
        Path teacher = TinyTeacher.get();
        Path whole = dir.resolve("whole");
        assertEquals(0, cli(null, shallow(teacher, whole)).code);

        Path inEpoch = dir.resolve("in-epoch");
        assertEquals(137, cli("step:6", shallow(teacher, inEpoch)).code);
        assertEquals(0, cli(null, resumed(shallow(teacher, inEpoch))).code);
        assertSameShallow(whole, inEpoch);

        // the student's checkpoints: its seed (epoch 0), then one per epoch; killed writing the second epoch's
        Path inWrite = dir.resolve("in-write");
        assertEquals(137, cli("write:checkpoint.zip:3", shallow(teacher, inWrite)).code);
        assertFalse(temporaryFiles(inWrite).isEmpty(), "the kill left the half-written checkpoint");
        assertEquals(0, cli(null, resumed(shallow(teacher, inWrite))).code);
        assertEquals(List.of(), temporaryFiles(inWrite));
        assertSameShallow(whole, inWrite);
    }

    private static String[] train(Path out) {
        return new String[] {"train", "--model", "resnet20", "--width", "0.25", "--epochs", "2", "--train-subset",
                "128", "--test-subset", "64", "--batch-size", "32", "--seed", "1", "--out", out.toString(),
                "--quiet"};
    }

    private static String[] shallow(Path teacher, Path out) {
        return new String[] {"shallow", "--teacher", teacher.toString(), "--relu-reduction", "1.5", "--epochs", "2",
                "--train-subset", "128", "--test-subset", "64", "--calibration-images", "100", "--batch-size", "32",
                "--seed", "1", "--out", out.toString(), "--quiet"};
    }

    private static String[] resumed(String[] args) {
        String[] r = java.util.Arrays.copyOf(args, args.length + 1);
        r[args.length] = "--resume";
        return r;
    }

    private static void assertSameTraining(Path expected, Path actual) throws IOException {
        assertSameWeights(expected, actual);
        assertEquals(withoutTimes(JSON.readTree(expected.resolve("metrics.json").toFile())),
                withoutTimes(JSON.readTree(actual.resolve("metrics.json").toFile())));
    }

    private static void assertSameShallow(Path expected, Path actual) throws IOException {
        assertSameWeights(expected.resolve("deployed"), actual.resolve("deployed"));
        JsonNode e = JSON.readTree(expected.resolve("report.json").toFile());
        JsonNode a = JSON.readTree(actual.resolve("report.json").toFile());
        for (String key : List.of("deployed", "student", "verification", "selected", "equivalence")) {
            assertEquals(e.get(key), a.get(key), key);
        }
        assertEquals(withoutTimes(e.get("history")), withoutTimes(a.get("history")));
    }

    private static void assertSameWeights(Path expected, Path actual) {
        Graph e = Checkpoint.read(expected).graph();
        Graph a = Checkpoint.read(actual).graph();
        assertEquals(e.nodes().size(), a.nodes().size());
        for (int i = 0; i < e.nodes().size(); i++) {
            Node n = e.nodes().get(i);
            assertEquals(n.op(), a.nodes().get(i).op(), "weights of " + n.name());
        }
    }

    /** The figures without the wall-clock ones, which no two runs share. */
    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of("seconds", "imagesPerSecond"));
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
            strip(it.next());
        }
    }

    private static List<Path> temporaryFiles(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private record Run(int code, String err) {
    }

    /** The CLI in a JVM of its own, its engine threads fixed at 2, halted at {@code killAt} if given. */
    private Run cli(String killAt, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (killAt != null) {
            cmd.add("-D" + KillSwitch.PROPERTY + "=" + killAt);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        File err = Files.createTempFile(dir, "stderr", ".txt").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err);
        // the runs compared bit for bit: the adaptive default changes the engine's thread count when other jobs load
        // the machine, and with it the order of floating-point sums
        pb.environment().put("SHALLOWPI_THREADS", "2");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the run did not end: " + String.join(" ", args));
        }
        String text = Files.readString(err.toPath());
        Files.delete(err.toPath());
        if (killAt == null && p.exitValue() != 0 && p.exitValue() != 2) {
            throw new AssertionError(String.join(" ", args) + " exited " + p.exitValue() + ": " + text);
        }
        return new Run(p.exitValue(), text);
    }
}
