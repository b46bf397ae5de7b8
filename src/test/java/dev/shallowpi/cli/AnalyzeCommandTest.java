package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzeCommandTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasTheTotalsAndOneObjectPerLayer() throws Exception {
        Result r = run("analyze", "--model", "resnet18", "--classes", "100", "--input", "3x32x32", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(557056, j.get("relus").asLong());
        assertEquals(555468800L, j.get("macs").asLong());
        assertEquals(11220132, j.get("params").asLong());
        assertEquals(17, j.get("reluDepth").asInt());
        assertEquals(18, j.get("linearDepth").asInt());
        assertTrue(j.get("stemReluCounted").asBoolean());
        JsonNode layers = j.get("layers");
        assertTrue(layers.isArray());
        long relus = 0;
        for (JsonNode l : layers) {
            relus += l.get("relus").asLong();
        }
        assertEquals(557056, relus, "per-layer ReLUs add up to the total");
        assertEquals("conv1", layers.get(0).get("name").asText());
        assertEquals("64x32x32", layers.get(0).get("output").asText());
    }

    /**
     * The check. DELPHI's measured online figures for ResNet-18/CIFAR (REFERENCE.md section 4) are the
     * ReLUs' alone: circuit evaluation 10.2 s and label transfer 0.66 GB; the linear layers add 0.43 s of online
     * work and no online bytes. delphi-lan is the measured setting (one host: transfers and round trips are not
     * charged), so the estimate must be 10.2 s + 0.43 s = 10.63 s and 0.66 GB + 0 B, within 5 %.
     */
    @Test
    void delphiLanReproducesTheMeasuredOnlineFiguresPlusTheLinearTerms() throws Exception {
        Result r = run("analyze", "--model", "resnet18", "--classes", "100", "--input", "3x32x32", "--pi-profile",
                "delphi-lan", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(557056, j.get("relus").asLong());
        assertEquals(555468800L, j.get("macs").asLong());
        assertEquals(17, j.get("reluDepth").asInt());
        JsonNode pi = j.get("pi");
        assertEquals("delphi-lan", pi.get("profile").asText());
        double reluOnlineSeconds = 10.2;
        double linearOnlineSeconds = 0.43;
        double reluOnlineBytes = 0.66e9;
        double linearOnlineBytes = 0;
        double seconds = pi.get("onlineSeconds").asDouble();
        double bytes = pi.get("onlineBytes").asDouble();
        assertEquals(1, seconds / (reluOnlineSeconds + linearOnlineSeconds), 0.05, "onlineSeconds " + seconds);
        assertEquals(1, bytes / (reluOnlineBytes + linearOnlineBytes), 0.05, "onlineBytes " + bytes);
        // the parts: 557,056 x 18.3 us + 555,468,800 x 7.741e-10 s; the network adds nothing on one host
        assertEquals(557056 * 18.3e-6 + 555468800L * 7.741e-10, pi.get("online").get("computeSeconds").asDouble(),
                1e-9);
        assertEquals(0, pi.get("online").get("transferSeconds").asDouble());
        assertEquals(557056 * 1184.0, bytes, 0);
        // one round trip per ReLU layer on the longest path, plus the input and the output
        assertEquals(18, pi.get("rounds").asInt());
        for (String key : new String[] {"offlineSeconds", "offlineBytes", "roundsDefinition", "formula"}) {
            assertTrue(pi.has(key), key);
        }
        assertTrue(j.get("convention").asText().contains("stem ReLU included"));
    }

    @Test
    void aBadProfileFileIsOneLineNamingTheFileAndField(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("net.json");
        java.nio.file.Files.writeString(f, "{\"name\": \"x\", \"description\": \"y\", \"computeIncludes\": \"z\"}");
        Result r = run("analyze", "--model", "resnet20", "--pi-profile", f.toString(), "--json");
        assertEquals(2, r.code());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains("--pi-profile") && err.contains(f.toString()) && err.contains("relu.onlineSeconds"),
                err);
    }

    @Test
    void tableStatesTheConvention() {
        Result r = run("analyze", "--model", "resnet20", "--width", "0.25");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("layer1.0.conv1"));
        assertTrue(r.out().contains("stem ReLU is counted"));
        assertTrue(r.out().contains("ReLU depth    19"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--model foo                    | --model",
            "--model resnet18 --input 3x32  | --input",
            "--model resnet18 --input 3xaxb | --input",
            "--model resnet18 --width 0     | --width",
            "--model resnet18 --width -1    | --width",
            "--model resnet18 --width abc   | --width",
            "--model resnet18 --classes 0   | --classes",
            "--model vgg16 --input 1x28x28  | stage5.pool",
            "--model resnet18 --nope        | --nope",
    })
    void badInputIsOneLineNamingTheFlagWithExitCode2(String args, String named) {
        String[] argv = ("analyze " + args).trim().split("\\s+");
        Result r = run(argv);
        assertEquals(2, r.code());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception"), "no stack trace: " + err);
        assertTrue(err.contains(named), err);
    }
}
