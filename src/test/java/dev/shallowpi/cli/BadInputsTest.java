package dev.shallowpi.cli;

import dev.shallowpi.data.FolderFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad or conflicting input to every command, as a hostile but realistic user gives it: each row must end with exit
 * code 2 and one line on stderr that names the flag, file or folder at fault, and no row may change any file of the
 * runs and models it was pointed at (checked once all rows have run).
 *
 * <p>Each row is a command, the arguments that make it bad, and the text its error must contain. The command's
 * quick base arguments (tiny subsets, one epoch, a fresh output folder) are added for every flag the row does not
 * give itself, so that a row the tool wrongly accepts fails fast instead of training for an hour; {@code !--flag}
 * drops a base flag. Placeholders in braces name the fixtures made once in {@link #fixtures}.
 */
class BadInputsTest {
    @TempDir
    static Path dir;
    private static final Map<String, String> PLACES = new LinkedHashMap<>();
    private static final AtomicInteger FRESH = new AtomicInteger();
    private static Map<String, String> before;

    private static final Map<String, List<String>> BASE = Map.of(
            "train", List.of("--model", "resnet20", "--width", "0.25", "--epochs", "1", "--train-subset", "64",
                    "--test-subset", "64", "--batch-size", "32", "--out", "{new}", "--quiet"),
            "shallow", List.of("--teacher", "{teacher}", "--epochs", "1", "--train-subset", "64", "--test-subset",
                    "64", "--batch-size", "32", "--calibration-images", "64", "--relu-reduction", "1.3", "--out",
                    "{new}", "--quiet"),
            "sweep", List.of("--teacher", "{teacher}", "--epochs", "1", "--train-subset", "64", "--test-subset", "64",
                    "--batch-size", "32", "--calibration-images", "64", "--relu-reduction", "1.2,1.3", "--out",
                    "{new}", "--quiet"),
            "compare", List.of("--teacher", "{teacher}", "--epochs", "1", "--train-subset", "64", "--test-subset",
                    "64", "--batch-size", "32", "--calibration-images", "64", "--relu-reduction", "1.3", "--methods",
                    "shallow,cull", "--mask-epochs", "1", "--out", "{new}", "--quiet"),
            "eval", List.of("--checkpoint", "{teacher}", "--test-subset", "64"),
            "run", List.of("--onnx", "{onnx}", "--input", "{npy}", "--output", "{newfile}"),
            "analyze", List.of("--model", "resnet20"),
            "fold", List.of("--model", "resnet20", "--width", "0.25"),
            "export", List.of("--checkpoint", "{teacher}", "--onnx", "{newfile}"),
            "bench train", List.of("--model", "resnet20", "--width", "0.25", "--steps", "1", "--warmup", "0",
                    "--batch", "4"));

    /** Fixtures: real runs made by the tool itself, a plain file, an empty folder and damaged files. */
    @BeforeAll
    static void fixtures() throws IOException {
        Path teacher = TinyTeacher.get();
        PLACES.put("teacher", teacher.toString());
        Path trainRun = copy(teacher, dir.resolve("train-run"));
        PLACES.put("train", trainRun.toString());
        Path file = Files.writeString(dir.resolve("notes.txt"), "my notes\n");
        PLACES.put("file", file.toString());
        PLACES.put("empty", Files.createDirectories(dir.resolve("empty")).toString());
        PLACES.put("missing", dir.resolve("no-such-thing").toString());

        String[] quick = {"--teacher", teacher.toString(), "--epochs", "1", "--train-subset", "64", "--test-subset",
                "64", "--batch-size", "32", "--calibration-images", "64", "--quiet"};
        made(concat(new String[] {"shallow", "--relu-reduction", "1.3", "--out", dir.resolve("shallow-run")
                .toString()}, quick));
        PLACES.put("shallow", dir.resolve("shallow-run").toString());
        made(concat(new String[] {"shallow", "--relu-reduction", "1.3", "--sensitivity-only", "--out",
                dir.resolve("sensitivity-run").toString()}, quick));
        PLACES.put("sens", dir.resolve("sensitivity-run").toString());
        made(concat(new String[] {"sweep", "--relu-reduction", "1.2", "--out", dir.resolve("sweep-run").toString()},
                quick));
        PLACES.put("sweep", dir.resolve("sweep-run").toString());

        Path onnx = dir.resolve("teacher.onnx");
        made("export", "--checkpoint", teacher.toString(), "--onnx", onnx.toString());
        PLACES.put("onnx", onnx.toString());
        made("import", onnx.toString(), "--out", dir.resolve("imported").toString());
        PLACES.put("import", dir.resolve("imported").toString());

        byte[] model = Files.readAllBytes(onnx);
        PLACES.put("badonnx", Files.write(dir.resolve("garbage.onnx"), "not a model".getBytes(StandardCharsets.UTF_8))
                .toString());
        PLACES.put("truncated", Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(model, model.length / 2))
                .toString());
        Path badZip = Files.createDirectories(dir.resolve("bad-checkpoint"));
        Files.writeString(badZip.resolve("checkpoint.zip"), "PK not really");
        PLACES.put("badzip", badZip.toString());
        Path cutZip = Files.createDirectories(dir.resolve("cut-checkpoint"));
        byte[] zip = Files.readAllBytes(teacher.resolve("checkpoint.zip"));
        Files.write(cutZip.resolve("checkpoint.zip"), Arrays.copyOf(zip, zip.length / 3));
        PLACES.put("cutzip", cutZip.toString());
        Path badReport = Files.createDirectories(dir.resolve("bad-report"));
        Files.writeString(badReport.resolve("report.json"), "{\"teacher\": [1, 2");
        PLACES.put("badreport", badReport.toString());

        PLACES.put("npy", npy(dir.resolve("x.npy"), "<f4", new int[] {2, 1, 28, 28}, 2 * 28 * 28 * 4).toString());
        PLACES.put("npyshape", npy(dir.resolve("wrong-shape.npy"), "<f4", new int[] {2, 3, 32, 32}, 2 * 3 * 32 * 32 * 4)
                .toString());
        PLACES.put("npycut", npy(dir.resolve("cut.npy"), "<f4", new int[] {2, 1, 28, 28}, 100).toString());
        PLACES.put("npyf8", npy(dir.resolve("doubles.npy"), "<f8", new int[] {2, 1, 28, 28}, 2 * 28 * 28 * 8)
                .toString());

        Path mismatch = Files.createDirectories(dir.resolve("mismatched-data"));
        idx(mismatch, "train", 5100, 32);
        idx(mismatch, "t10k", 50, 28);
        PLACES.put("mismatch", mismatch.toString());

        // image folders (--dataset folder): a good one and one of each refusal, from Fashion-MNIST images
        Path folder = dir.resolve("images");
        FolderFixture.write(folder, 2, 3, 1);
        PLACES.put("folder", folder.toString());
        Path badImage = dir.resolve("images-bad");
        FolderFixture.write(badImage, 2, 3, 1);
        Files.writeString(badImage.resolve("train/trouser/img-0001.png"), "not a PNG");
        PLACES.put("badimage", badImage.toString());
        Path valDiffers = dir.resolve("images-val-differs");
        FolderFixture.write(valDiffers, 3, 2, 1);
        Files.move(valDiffers.resolve("val/pullover"), valDiffers.resolve("val/sweater"));
        PLACES.put("valdiffers", valDiffers.toString());
        Path emptyClass = dir.resolve("images-empty-class");
        FolderFixture.write(emptyClass, 2, 1, 1);
        Files.delete(emptyClass.resolve("train/t-shirt/img-0000.png"));
        Files.writeString(emptyClass.resolve("train/t-shirt/notes.txt"), "no images here");
        PLACES.put("emptyclass", emptyClass.toString());
        Path noVal = Files.createDirectories(dir.resolve("images-no-val/train/a"));
        PLACES.put("noval", noVal.getParent().getParent().toString());

        before = fingerprint();
    }

    @AfterAll
    static void nothingTheUserHadChanged() throws IOException {
        if (before != null) {
            assertEquals(before, fingerprint(), "a refused command changed a file it was pointed at");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsRefusedByNameWithExitCode2() {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 150, "the issue asks for at least 150 bad inputs, the table has " + rows.size());
        Set<String> seen = new HashSet<>();
        for (Row r : rows) {
            assertTrue(seen.add(r.describe()), "row listed twice: " + r.describe());
        }
        return rows.stream().map(r -> DynamicTest.dynamicTest(r.describe(), () -> check(r)));
    }

    private static void check(Row row) {
        String[] args = row.args();
        AnalyzeCommandTest.Result r = run(args);
        String err = r.err().strip();
        String what = String.join(" ", args) + "\n  stderr: " + err + "\n  stdout: " + r.out().strip();
        assertEquals(2, r.code(), what);
        assertFalse(err.isEmpty(), what);
        assertFalse(err.contains("\n"), "one line: " + what);
        String named = fill(row.named());
        assertTrue(err.contains(named), "names " + named + ": " + what);
        assertFalse(err.contains("Exception") || err.contains("internal error"), "a named error, not a crash: " + what);
    }

    private static List<Row> rows() {
        List<Row> t = new ArrayList<>();
        // train: every number finite and in range, before any data is read
        for (String[] bad : new String[][] {
                {"--epochs", "0"}, {"--epochs", "-3"}, {"--epochs", "x"}, {"--batch-size", "1"},
                {"--batch-size", "0"}, {"--batch-size", "2147483647"}, {"--batch-size", "100000"},
                {"--lr", "0"}, {"--lr", "-0.1"}, {"--lr", "NaN"}, {"--lr", "Infinity"}, {"--lr", "abc"},
                {"--momentum", "1"}, {"--momentum", "NaN"}, {"--momentum", "-0.5"},
                {"--weight-decay", "-1"}, {"--weight-decay", "NaN"}, {"--weight-decay", "Infinity"},
                {"--warmup-epochs", "NaN"}, {"--warmup-epochs", "-1"}, {"--label-smoothing", "NaN"},
                {"--label-smoothing", "1"}, {"--label-smoothing", "-0.1"}, {"--width", "0"}, {"--width", "-1"},
                {"--width", "1e9"}, {"--width", "1e-9"}, {"--width", "NaN"}, {"--classes", "0"},
                {"--classes", "-1"}, {"--classes", "2147483647"}, {"--classes", "9"},
                {"--input", "2147483647x2147483647x2147483647"}, {"--input", "3x32x32"}, {"--input", "1x28"},
                {"--input", "axbxc"}, {"--input", "0x28x28"}, {"--model", "resnet99"}, {"--model", ""},
                {"--dataset", "imagenet"}, {"--val-split", "-1"}, {"--val-split", "60000"},
                {"--train-subset", "-1"}, {"--test-subset", "-5"}, {"--seed", "abc"}, {"--lrr", "0.1"},
        }) {
            t.add(new Row("train", bad[0], bad));
        }
        t.add(new Row("train", "--data-dir", "--dataset", "cifar10"));
        t.add(new Row("train", "--epochs", "--epochs"));
        t.add(new Row("train", "stray", "stray"));
        t.add(new Row("train", "--onnx", "--onnx", "{onnx}"));
        t.add(new Row("train", "{file}", "!--model", "!--width", "--onnx", "{file}"));
        t.add(new Row("train", "{missing}", "!--model", "!--width", "--onnx", "{missing}"));
        t.add(new Row("train", "{badonnx}", "!--model", "!--width", "--onnx", "{badonnx}"));
        t.add(new Row("train", "{empty}", "--data-dir", "{empty}"));
        t.add(new Row("train", "{missing}", "--data-dir", "{missing}"));
        t.add(new Row("train", "{file}", "--data-dir", "{file}"));
        t.add(new Row("train", "{mismatch}", "--data-dir", "{mismatch}", "--val-split", "10"));
        // train: image folders
        t.add(new Row("train", "--data-dir", "--dataset", "folder"));
        for (String place : new String[] {"{empty}", "{missing}", "{file}", "{noval}"}) {
            t.add(new Row("train", place, "--dataset", "folder", "--data-dir", place));
        }
        t.add(new Row("train", "{badimage}/train/trouser/img-0001.png", "--dataset", "folder", "--data-dir",
                "{badimage}"));
        t.add(new Row("train", "{valdiffers}/val", "--dataset", "folder", "--data-dir", "{valdiffers}"));
        t.add(new Row("train", "{emptyclass}/train/t-shirt", "--dataset", "folder", "--data-dir", "{emptyclass}"));
        for (String size : new String[] {"12", "0x5", "32x32x3", "axb", "5000x5000"}) {
            t.add(new Row("train", "--image-size", "--dataset", "folder", "--data-dir", "{folder}", "--image-size",
                    size));
        }
        t.add(new Row("train", "--image-size", "--image-size", "32x32"));
        t.add(new Row("train", "--val-split", "--dataset", "folder", "--data-dir", "{folder}"));
        t.add(new Row("train", "--batch-size", "--dataset", "folder", "--data-dir", "{folder}", "--val-split", "2",
                "--batch-size", "8"));
        // train: where it writes
        t.add(new Row("train", "{file}", "--out", "{file}"));
        t.add(new Row("train", "{file}", "--out", "{file}/sub"));
        t.add(new Row("train", "/proc/shallowpi", "--out", "/proc/shallowpi"));
        t.add(new Row("train", "--resume", "--out", "{train}"));
        t.add(new Row("train", "{shallow}", "--out", "{shallow}"));
        t.add(new Row("train", "{sens}", "--out", "{sens}"));
        t.add(new Row("train", "{sweep}", "--out", "{sweep}"));
        t.add(new Row("train", "{import}", "--out", "{import}"));
        t.add(new Row("train", "{import}", "--out", "{import}", "--resume"));
        t.add(new Row("train", "{shallow}", "--out", "{shallow}/student", "--resume"));
        t.add(new Row("train", "{sweep}", "--out", "{sweep}/relu-1.2", "--resume"));
        t.add(new Row("train", "--resume", "--out", "{empty}", "--resume"));
        t.add(new Row("train", "--resume", "--out", "{new}", "--resume"));
        // train --resume: the same run, or a refusal naming what differs
        for (String[] differs : new String[][] {
                {"--lr", "0.5"}, {"--seed", "3"}, {"--model", "resnet32"}, {"--test-subset", "100"},
                {"--train-subset", "128"}, {"--width", "0.5"}, {"--dataset", "mnist"}, {"--val-split", "100"},
                {"--momentum", "0.5"}, {"--batch-size", "64"}, {"--no-augment"}, {"--nesterov"},
                {"--label-smoothing", "0.1"}, {"--warmup-epochs", "2"}, {"--weight-decay", "0.001"},
        }) {
            t.add(new Row("train", differs[0], concat(new String[] {"--out", "{train}", "--resume", "!--model", "!--width",
                    "!--epochs", "!--train-subset", "!--test-subset", "!--batch-size"}, differs)));
        }

        // shallow: the budget
        for (String[] bad : new String[][] {
                {"--relu-reduction", "0.5"}, {"--relu-reduction", "NaN"}, {"--relu-reduction", "-2"},
                {"--relu-budget", "-1"},
                {"--mac-reduction", "0"}, {"--mac-reduction", "100"}, {"--mac-reduction", "Infinity"},
                {"--pi-profile", "nope"}, {"--method", "nope"}, {"--kernel", "nope"}, {"--sensitivity", "nope"},
                {"--epochs", "0"}, {"--lr", "NaN"}, {"--lr", "0"}, {"--batch-size", "1"},
                {"--batch-size", "2147483647"}, {"--batch-size", "1000"}, {"--kd-temperature", "0"},
                {"--kd-temperature", "NaN"}, {"--kd-temperature", "-1"}, {"--kd-weight", "1.5"},
                {"--kd-weight", "-0.1"}, {"--kd-weight", "NaN"}, {"--gate-lambda", "-1"}, {"--gate-lambda", "NaN"},
                {"--calibration-images", "-1"}, {"--calibration-images", "1"}, {"--calibration-images", "100000"},
                {"--mask-settle-epochs", "-1"}, {"--mask-settle-epochs", "NaN"}, {"--val-split", "100"},
                {"--dataset", "mnist"}, {"--seed", "x"}, {"--block-reduction", "2"}, {"--activation", "sigmoid"},
                {"--kernel-init", "nope"}, {"--feature-kd", "-1"}, {"--feature-kd", "NaN"},
                {"--feature-kd", "Infinity"}, {"--gradual-epochs", "-1"}, {"--gradual-epochs", "10"},
        }) {
            t.add(new Row("shallow", bad[0], bad));
        }
        t.add(new Row("shallow", "--gate-lambda", "--gate-lambda", "-1", "--sensitivity", "gate"));
        t.add(new Row("shallow", "--gradual-epochs", "--gradual-epochs", "2", "--epochs", "2"));
        t.add(new Row("shallow", "--gradual-epochs", "--gradual-epochs", "1", "--method", "cull"));
        t.add(new Row("shallow", "--remeasure", "--remeasure", "--sensitivity", "gate"));
        t.add(new Row("shallow", "--remeasure", "--remeasure", "--method", "snl"));
        t.add(new Row("shallow", "--remeasure", "--remeasure", "--blocks", "layer1.0", "!--relu-reduction"));
        t.add(new Row("shallow", "--kd-weight", "--kd-weight", "2", "--sensitivity", "gate"));
        t.add(new Row("shallow", "--mask-epochs", "--mask-epochs", "0", "--method", "snl"));
        t.add(new Row("shallow", "--mask-epochs", "--mask-epochs", "-1", "--method", "joint"));
        t.add(new Row("shallow", "--mask-lr", "--mask-lr", "0", "--method", "snl"));
        t.add(new Row("shallow", "--mask-lr", "--mask-lr", "NaN", "--method", "snl"));
        t.add(new Row("shallow", "--mask-lambda", "--mask-lambda", "-1", "--method", "snl"));
        t.add(new Row("shallow", "--mask-lambda", "--mask-lambda", "Infinity", "--method", "joint"));
        t.add(new Row("shallow", "--block-reduction", "--block-reduction", "0.5", "--method", "joint"));
        t.add(new Row("shallow", "--block-reduction", "--block-reduction", "NaN", "--method", "joint"));
        t.add(new Row("shallow", "--pi-profile", "--latency-reduction", "2", "!--relu-reduction"));
        t.add(new Row("shallow", "--latency-reduction", "--latency-reduction", "-1", "--pi-profile", "delphi-wan"));
        t.add(new Row("shallow", "{file}", "--pi-profile", "{file}"));
        t.add(new Row("shallow", "{missing}", "--pi-profile", "{missing}"));
        t.add(new Row("shallow", "--blocks", "--blocks", "nosuch", "!--relu-reduction"));
        t.add(new Row("shallow", "--blocks", "--blocks", "layer1.0"));
        t.add(new Row("shallow", "--relu-reduction", "!--relu-reduction"));
        t.add(new Row("shallow", "--sensitivity-only", "--sensitivity-only", "--method", "snl"));
        // shallow: the teacher
        t.add(new Row("shallow", "{missing}", "--teacher", "{missing}"));
        t.add(new Row("shallow", "{file}", "--teacher", "{file}"));
        t.add(new Row("shallow", "checkpoint.zip", "--teacher", "{empty}"));
        t.add(new Row("shallow", "checkpoint.zip", "--teacher", "{badzip}"));
        t.add(new Row("shallow", "checkpoint.zip", "--teacher", "{cutzip}"));
        t.add(new Row("shallow", "{sweep}", "--teacher", "{sweep}"));
        t.add(new Row("shallow", "--onnx", "--onnx", "{onnx}"));
        t.add(new Row("shallow", "--teacher", "!--teacher"));
        t.add(new Row("shallow", "{badonnx}", "!--teacher", "--onnx", "{badonnx}"));
        t.add(new Row("shallow", "{truncated}", "!--teacher", "--onnx", "{truncated}"));
        t.add(new Row("shallow", "{mismatch}", "--data-dir", "{mismatch}"));
        // shallow: where it writes
        t.add(new Row("shallow", "{file}", "--out", "{file}"));
        t.add(new Row("shallow", "{file}", "--out", "{file}/x"));
        t.add(new Row("shallow", "/proc/x", "--out", "/proc/x"));
        t.add(new Row("shallow", "{train}", "--out", "{train}"));
        t.add(new Row("shallow", "{sweep}", "--out", "{sweep}"));
        t.add(new Row("shallow", "{import}", "--out", "{import}"));
        t.add(new Row("shallow", "--resume", "--out", "{shallow}"));
        t.add(new Row("shallow", "--resume", "--out", "{sens}"));
        t.add(new Row("shallow", "--resume", "--out", "{new}", "--resume"));
        t.add(new Row("shallow", "--resume", "--out", "{empty}", "--resume"));
        t.add(new Row("shallow", "{sweep}", "--out", "{sweep}/relu-1.2", "--resume"));
        for (String[] differs : new String[][] {
                {"--relu-reduction", "1.5"}, {"--seed", "5"}, {"--sensitivity-only"}, {"--teacher", "{train}"},
                {"--kernel", "exact"}, {"--method", "cull"}, {"--epochs", "2"}, {"--kd-weight", "0.5"},
                {"--calibration-images", "32"}, {"--test-subset", "32"}, {"--mac-reduction", "1.1"},
                {"--no-bn-reestimation"},
        }) {
            t.add(new Row("shallow", differs[0], concat(new String[] {"--out", "{shallow}", "--resume"}, differs)));
        }
        t.add(new Row("shallow", "--relu-reduction", "--out", "{sens}", "--resume", "--relu-reduction", "2"));
        t.add(new Row("shallow", "--seed", "--out", "{sens}", "--resume", "--seed", "9"));

        // sweep
        for (String[] bad : new String[][] {
                {"--relu-reduction", "0.5"}, {"--relu-reduction", "1.2,NaN"}, {"--relu-reduction", "abc"},
                {"--relu-budget", "-5"}, {"--mac-reduction", "0"}, {"--method", "nope"}, {"--kd-weight", "2"},
                {"--gate-lambda", "-1"}, {"--epochs", "0"}, {"--batch-size", "1"}, {"--lr", "Infinity"},
                {"--calibration-images", "-3"}, {"--kernel", "sideways"},
        }) {
            t.add(new Row("sweep", bad[0], bad));
        }
        t.add(new Row("sweep", "--relu-reduction", "!--relu-reduction"));
        t.add(new Row("sweep", "--pi-profile", "--latency-reduction", "2", "!--relu-reduction"));
        t.add(new Row("sweep", "--out", "!--out"));
        t.add(new Row("sweep", "{shallow}", "--out", "{shallow}"));
        t.add(new Row("sweep", "{sens}", "--out", "{sens}"));
        t.add(new Row("sweep", "{train}", "--out", "{train}"));
        t.add(new Row("sweep", "{file}", "--out", "{file}"));
        t.add(new Row("sweep", "/proc/x", "--out", "/proc/x"));
        t.add(new Row("sweep", "--seed", "--out", "{sweep}", "--seed", "7"));
        t.add(new Row("sweep", "--lr", "--out", "{sweep}", "--lr", "0.5"));
        t.add(new Row("sweep", "--epochs", "--out", "{sweep}", "--epochs", "3"));
        t.add(new Row("sweep", "{missing}", "--teacher", "{missing}"));
        t.add(new Row("sweep", "{sweep}", "--teacher", "{sweep}"));

        // compare
        for (String[] bad : new String[][] {
                {"--methods", "nope"}, {"--methods", "shallow,shallow"}, {"--methods", ""},
                {"--relu-reduction", "0.5"}, {"--mac-reduction", "1.2"}, {"--kd-temperature", "0"},
                {"--mask-epochs", "0"}, {"--epochs", "0"}, {"--mask-lambda", "NaN"}, {"--batch-size", "0"},
        }) {
            t.add(new Row("compare", bad[0], bad));
        }
        t.add(new Row("compare", "--relu-reduction", "!--relu-reduction"));
        t.add(new Row("compare", "{sweep}", "--out", "{sweep}"));
        t.add(new Row("compare", "{shallow}", "--out", "{shallow}"));
        t.add(new Row("compare", "{file}", "--out", "{file}"));
        t.add(new Row("compare", "/proc/x", "--out", "/proc/x"));
        t.add(new Row("compare", "{file}", "--teacher", "{file}"));

        // eval
        t.add(new Row("eval", "{missing}", "--checkpoint", "{missing}"));
        t.add(new Row("eval", "{file}", "--checkpoint", "{file}"));
        t.add(new Row("eval", "checkpoint.zip", "--checkpoint", "{empty}"));
        t.add(new Row("eval", "checkpoint.zip", "--checkpoint", "{badzip}"));
        t.add(new Row("eval", "checkpoint.zip", "--checkpoint", "{cutzip}"));
        t.add(new Row("eval", "{shallow}", "--checkpoint", "{shallow}"));
        t.add(new Row("eval", "--checkpoint", "!--checkpoint"));
        t.add(new Row("eval", "--split", "--split", "nope"));
        t.add(new Row("eval", "--batch-size", "--batch-size", "0"));
        t.add(new Row("eval", "--batch-size", "--batch-size", "-5"));
        t.add(new Row("eval", "--test-subset", "--test-subset", "-1"));
        t.add(new Row("eval", "--dataset", "--dataset", "cifar10"));
        t.add(new Row("eval", "--dataset", "--dataset", "nope"));
        t.add(new Row("eval", "{empty}", "--data-dir", "{empty}"));
        t.add(new Row("eval", "{mismatch}", "--split", "calibration", "--data-dir", "{mismatch}"));
        t.add(new Row("eval", "--val-split", "--val-split", "-1"));
        t.add(new Row("eval", "--image-size", "--image-size", "28x28"));
        t.add(new Row("eval", "--dataset", "--dataset", "folder", "--data-dir", "{folder}"));
        t.add(new Row("shallow", "--dataset", "--dataset", "folder", "--data-dir", "{folder}"));
        t.add(new Row("shallow", "--image-size", "--image-size", "28x28"));
        t.add(new Row("shallow", "{badimage}/train/trouser/img-0001.png", "!--teacher", "--onnx", "{onnx}",
                "--dataset", "folder", "--data-dir", "{badimage}"));
        t.add(new Row("sweep", "--image-size", "--image-size", "28x28"));
        t.add(new Row("compare", "--image-size", "--image-size", "x"));

        // run
        t.add(new Row("run", "{missing}", "--onnx", "{missing}"));
        t.add(new Row("run", "{badonnx}", "--onnx", "{badonnx}"));
        t.add(new Row("run", "{truncated}", "--onnx", "{truncated}"));
        t.add(new Row("run", "{empty}", "--onnx", "{empty}"));
        t.add(new Row("run", "{missing}", "--input", "{missing}"));
        t.add(new Row("run", "{file}", "--input", "{file}"));
        t.add(new Row("run", "{npyshape}", "--input", "{npyshape}"));
        t.add(new Row("run", "{npycut}", "--input", "{npycut}"));
        t.add(new Row("run", "{npyf8}", "--input", "{npyf8}"));
        t.add(new Row("run", "{empty}", "--output", "{empty}"));
        t.add(new Row("run", "{file}", "--output", "{file}/y.npy"));
        t.add(new Row("run", "/proc/y.npy", "--output", "/proc/y.npy"));
        t.add(new Row("run", "--batch-size", "--batch-size", "0"));
        t.add(new Row("run", "--batch-size", "--batch-size", "-1"));
        t.add(new Row("run", "--output", "!--output"));

        // analyze and fold
        for (String[] bad : new String[][] {
                {"--model", "nope"}, {"--width", "0"}, {"--width", "1e9"}, {"--width", "NaN"}, {"--classes", "0"},
                {"--classes", "2147483647"}, {"--input", "0x32x32"}, {"--input", "2147483647x2147483647x2147483647"},
                {"--input", "3x32"}, {"--pi-profile", "nope"}, {"--seed", "x"},
        }) {
            t.add(new Row("analyze", bad[0], bad));
        }
        t.add(new Row("analyze", "{file}", "--pi-profile", "{file}"));
        t.add(new Row("analyze", "{badonnx}", "!--model", "--onnx", "{badonnx}"));
        t.add(new Row("analyze", "{missing}", "!--model", "--onnx", "{missing}"));
        t.add(new Row("analyze", "--onnx", "--onnx", "{onnx}"));
        t.add(new Row("fold", "--drop-relus", "--drop-relus", "nosuch"));
        t.add(new Row("fold", "--width", "--width", "0"));
        t.add(new Row("fold", "--classes", "--classes", "-1"));
        t.add(new Row("fold", "--input", "--input", "3x32"));
        t.add(new Row("fold", "{truncated}", "!--model", "!--width", "--onnx", "{truncated}"));

        // import and export
        t.add(new Row("import", "{badonnx}", "{badonnx}", "--out", "{new}"));
        t.add(new Row("import", "{missing}", "{missing}", "--out", "{new}"));
        t.add(new Row("import", "{truncated}", "{truncated}", "--out", "{new}"));
        t.add(new Row("import", "{empty}", "{empty}", "--out", "{new}"));
        t.add(new Row("import", "{file}", "{onnx}", "--out", "{file}"));
        t.add(new Row("import", "/proc/x", "{onnx}", "--out", "/proc/x"));
        t.add(new Row("import", "{train}", "{onnx}", "--out", "{train}"));
        t.add(new Row("import", "{shallow}", "{onnx}", "--out", "{shallow}"));
        t.add(new Row("import", "{import}", "{onnx}", "--out", "{import}"));
        t.add(new Row("import", "--out", "{onnx}"));
        t.add(new Row("import", "MODEL.onnx", "--out", "{new}"));
        t.add(new Row("export", "{missing}", "--checkpoint", "{missing}"));
        t.add(new Row("export", "checkpoint.zip", "--checkpoint", "{badzip}"));
        t.add(new Row("export", "{empty}", "--onnx", "{empty}"));
        t.add(new Row("export", "{file}", "--onnx", "{file}/x.onnx"));
        t.add(new Row("export", "/proc/x.onnx", "--onnx", "/proc/x.onnx"));
        t.add(new Row("export", "--onnx", "!--onnx"));

        // report
        t.add(new Row("report", "{missing}", "{missing}"));
        t.add(new Row("report", "{empty}", "{empty}"));
        t.add(new Row("report", "{file}", "{file}"));
        t.add(new Row("report", "{train}", "{train}"));
        t.add(new Row("report", "report.json", "{badreport}"));
        t.add(new Row("report", "/proc/x.html", "{shallow}", "--out", "/proc/x.html"));
        t.add(new Row("report", "{empty}", "{shallow}", "--out", "{empty}"));
        t.add(new Row("report", "{file}", "{shallow}", "--out", "{file}/r.html"));
        t.add(new Row("report", "{missing}", "{shallow}", "--compare", "{missing}"));
        t.add(new Row("report", "{train}", "{shallow}", "--compare", "{train}"));

        // bench
        for (String[] bad : new String[][] {
                {"--batch", "0"}, {"--batch", "2147483647"}, {"--steps", "0"}, {"--warmup", "-1"},
                {"--width", "0"}, {"--input", "0x28x28"}, {"--layout", "nope"}, {"--model", "nope"},
                {"--classes", "0"},
        }) {
            t.add(new Row("bench train", bad[0], bad));
        }
        t.add(new Row("bench train", "{badonnx}", "!--model", "!--width", "--onnx", "{badonnx}"));
        t.add(new Row("bench", "nope", "nope"));

        // demo and the top level
        t.add(new Row("demo", "{missing}", "--quick", "--data-dir", "{missing}", "--out", "{new}"));
        t.add(new Row("demo", "{file}", "--quick", "--out", "{file}"));
        t.add(new Row("demo", "/proc/x", "--quick", "--out", "/proc/x"));
        t.add(new Row("", "nope", "nope"));
        return t;
    }

    /**
     * One bad input: the command ("bench train" for a subcommand), the text its error must contain, and the
     * arguments that make it bad.
     */
    private record Row(String command, String named, String... given) {
        String describe() {
            return (command + " " + String.join(" ", given)).strip() + "  => " + named;
        }

        /** The command line: the command, its base arguments the row does not give or drop, then the row's own. */
        String[] args() {
            List<String> out = new ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
            Set<String> overridden = new HashSet<>();
            for (String g : given) {
                if (g.startsWith("--")) {
                    overridden.add(g);
                } else if (g.startsWith("!--")) {
                    overridden.add(g.substring(1));
                }
            }
            List<String> base = BASE.getOrDefault(command, List.of());
            for (int i = 0; i < base.size(); i++) {
                String flag = base.get(i);
                boolean hasValue = i + 1 < base.size() && !base.get(i + 1).startsWith("--");
                if (!overridden.contains(flag)) {
                    out.add(flag);
                    if (hasValue) {
                        out.add(fill(base.get(i + 1)));
                    }
                }
                if (hasValue) {
                    i++;
                }
            }
            for (String g : given) {
                if (!g.startsWith("!--")) {
                    out.add(fill(g));
                }
            }
            return out.toArray(String[]::new);
        }
    }

    /** Replaces each placeholder: a fixture, or a fresh path for {new} and {newfile}. */
    private static String fill(String text) {
        String s = text;
        if (s.contains("{new}")) {
            s = s.replace("{new}", dir.resolve("fresh-" + FRESH.incrementAndGet()).toString());
        }
        if (s.contains("{newfile}")) {
            s = s.replace("{newfile}", dir.resolve("fresh-" + FRESH.incrementAndGet() + ".out").toString());
        }
        for (Map.Entry<String, String> e : PLACES.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        assertFalse(s.matches(".*\\{[a-z0-9]+}.*"), "unknown placeholder in " + text);
        return s;
    }

    private static void made(String... args) {
        AnalyzeCommandTest.Result r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    /** A .npy file with the given dtype and shape, and {@code dataBytes} bytes of zeros after the header. */
    private static Path npy(Path file, String dtype, int[] shape, int dataBytes) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims.toString().strip()
                + "), }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return Files.write(file, b.array());
    }

    /** An uncompressed MNIST-style split of {@code n} blank {@code side x side} images, labels cycling 0-9. */
    private static void idx(Path folder, String prefix, int n, int side) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + n * side * side);
        images.putInt(0x803).putInt(n).putInt(side).putInt(side);
        Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), images.array());
        ByteBuffer labels = ByteBuffer.allocate(8 + n);
        labels.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            labels.put((byte) (i % 10));
        }
        Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }

    /** Every file of the fixtures the rows point at, by path, with its size and modification time. */
    private static Map<String, String> fingerprint() throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String place : List.of("teacher", "train", "shallow", "sens", "sweep", "import", "onnx", "file",
                "npy", "badzip", "badreport", "mismatch", "folder", "badimage", "valdiffers", "emptyclass")) {
            Path root = Path.of(PLACES.get(place));
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (Files.isRegularFile(p)) {
                        m.put(p.toString(), Files.size(p) + " bytes, " + Files.getLastModifiedTime(p).toMillis());
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return m;
    }
}
