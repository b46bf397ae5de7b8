package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.Npy;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** import, export, run and --onnx as a user runs them, on the models PyTorch exported. */
class OnnxCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(AnalyzeCommandTest.Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.RESNET18_EVAL, Fixtures.RESNET18_PRESERVE, Fixtures.VGG_VIEW})
    void runReproducesPyTorchsOutputsThroughTheEngine(String name) throws Exception {
        Path y = dir.resolve("y.npy");
        AnalyzeCommandTest.Result r = run("run", "--onnx", Fixtures.model(name).toString(), "--input",
                Fixtures.input(name).toString(), "--output", y.toString(), "--batch-size", "2");
        assertEquals(0, r.code(), r.err());
        Npy.Array ours = Npy.read(y);
        Npy.Array torch = Npy.read(Fixtures.output(name));
        assertArrayEquals(torch.shape(), ours.shape());
        double max = 0;
        for (int i = 0; i < ours.data().length; i++) {
            max = Math.max(max, Math.abs(ours.data()[i] - torch.data()[i]));
        }
        System.out.println(name + ": run vs PyTorch max |diff| = " + max);
        assertTrue(max <= 1e-4, name + ": " + max);
    }

    @Test
    void analyzeOnnxCountsAsTheMatchingZooModel() throws Exception {
        JsonNode onnx = json(run("analyze", "--onnx", Fixtures.model(Fixtures.RESNET18_PRESERVE).toString(),
                "--json"));
        JsonNode zoo = json(run("analyze", "--model", "resnet18", "--width", "0.03125", "--input", "1x28x28",
                "--json"));
        for (String k : new String[] {"relus", "macs", "params", "reluDepth", "linearDepth", "reluLayers", "convs"}) {
            assertEquals(zoo.get(k).asLong(), onnx.get(k).asLong(), k);
        }
        assertEquals(Fixtures.model(Fixtures.RESNET18_PRESERVE).toString(), onnx.get("model").get("onnx").asText());
        assertEquals(14, onnx.get("model").get("opset").asInt());
        assertEquals(10, onnx.get("model").get("classes").asInt());
        AnalyzeCommandTest.Result table = run("analyze", "--onnx", Fixtures.model(Fixtures.VGG_VIEW).toString());
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("/Reshape") && table.out().contains("ONNX opset 11, pytorch 1.13.0"),
                table.out());
    }

    @Test
    void importThenEvalThenExportThenImportAgain() throws Exception {
        Path cp = dir.resolve("imported");
        String model = Fixtures.model(Fixtures.RESNET18_EVAL).toString();
        AnalyzeCommandTest.Result imp = run("import", model, "--out", cp.toString());
        assertEquals(0, imp.code(), imp.err());
        assertTrue(imp.out().contains("ReLUs") && imp.out().contains("checkpoint in " + cp), imp.out());
        assertTrue(Checkpoint.exists(cp));
        AnalyzeCommandTest.Result again = run("import", model, "--out", cp.toString());
        assertEquals(2, again.code(), "an existing checkpoint is never overwritten");

        JsonNode e = json(run("eval", "--checkpoint", cp.toString(), "--test-subset", "100", "--json"));
        assertEquals(100, e.get("images").asInt());

        Path out = dir.resolve("out.onnx");
        JsonNode x = json(run("export", "--checkpoint", cp.toString(), "--onnx", out.toString(), "--json"));
        assertTrue(x.get("runtimeCheck").get("maxAbsDiff").asDouble() <= x.get("runtimeCheck").get("tolerance")
                .asDouble(), x.toString());
        Graph original = OnnxImporter.read(Fixtures.model(Fixtures.RESNET18_EVAL)).graph();
        Graph back = OnnxImporter.read(out).graph();
        assertEquals(original.nodes(), back.nodes(), "PyTorch's model, exported by shallowpi, is unchanged");
    }

    @Test
    void foldAndTrainAcceptOnnx() throws Exception {
        JsonNode f = json(run("fold", "--onnx", Fixtures.model(Fixtures.RESNET18_PRESERVE).toString(), "--json"));
        assertEquals("from the ONNX file", f.get("weights").asText(), "PyTorch's weights, not random ones");
        assertEquals("fold-bn", f.get("passes").get(0).get("pass").asText());
        assertEquals(20, f.get("passes").get(0).get("rewrites").asInt(), "every BN folded into its conv");
        assertTrue(f.get("maxAbsDiff").asDouble() < 1e-4, f.toString());

        Path out = dir.resolve("trained");
        AnalyzeCommandTest.Result t = run("train", "--onnx", Fixtures.model(Fixtures.RESNET18_EVAL).toString(),
                "--epochs", "1", "--train-subset", "200", "--test-subset", "100", "--batch-size", "50", "--out",
                out.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(Fixtures.model(Fixtures.RESNET18_EVAL).toString(),
                metrics.get("model").get("onnx").asText());
    }

    @Test
    void badOnnxInputIsOneLineNamingTheFlagOrFileWithExitCode2() throws Exception {
        String resnet = Fixtures.model(Fixtures.RESNET18_EVAL).toString();
        Path f64 = dir.resolve("f64.npy");
        byte[] good = Files.readAllBytes(Fixtures.input(Fixtures.RESNET18_EVAL));
        Files.write(f64, new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<f8")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Path notOnnx = dir.resolve("bad.onnx");
        Files.write(notOnnx, "not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String[][] cases = {
                {"analyze", "--model", "resnet18", "--onnx", resnet},
                {"analyze"},
                {"analyze", "--onnx", resnet, "--width", "2"},
                {"analyze", "--onnx", dir.resolve("missing.onnx").toString()},
                {"analyze", "--onnx", notOnnx.toString()},
                {"import", notOnnx.toString(), "--out", dir.resolve("x").toString()},
                {"run", "--onnx", resnet, "--input", Fixtures.input(Fixtures.VGG_VIEW).toString(), "--output",
                        dir.resolve("y.npy").toString()},
                {"run", "--onnx", resnet, "--input", f64.toString(), "--output", dir.resolve("y.npy").toString()},
                {"train", "--onnx", Fixtures.model(Fixtures.VGG_VIEW).toString(), "--epochs", "1"},
                {"shallow", "--onnx", resnet, "--teacher", dir.toString(), "--blocks", "x", "--out", dir.toString()},
                {"export", "--checkpoint", dir.resolve("none").toString(), "--onnx", dir.resolve("o.onnx").toString()},
        };
        String[] named = {"--model and --onnx", "--model NAME", "--width", "missing.onnx", "bad.onnx", "bad.onnx",
                "does not fit the model", "float64", "3x32x32", "--teacher DIR or as --onnx", "--checkpoint"};
        for (int i = 0; i < cases.length; i++) {
            AnalyzeCommandTest.Result r = run(cases[i]);
            String err = r.err().strip();
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + err);
            assertFalse(err.contains("\n"), "one line: " + err);
            assertFalse(err.contains("Exception"), "no stack trace: " + err);
            assertTrue(err.contains(named[i]), String.join(" ", cases[i]) + " should name " + named[i] + ": " + err);
        }
        assertFalse(Files.exists(dir.resolve("y.npy")), "nothing written after a refusal");
    }
}
