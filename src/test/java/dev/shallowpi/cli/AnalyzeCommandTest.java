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
