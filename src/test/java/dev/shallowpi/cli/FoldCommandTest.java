package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FoldCommandTest {
    @Test
    void jsonHasTheBeforeAndAfterFiguresAndTheMeasuredDifference() throws Exception {
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("fold", "--model", "resnet18", "--width", "0.25",
                "--classes", "100", "--drop-relus", "inner", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (String key : new String[] {"convsBefore", "convsAfter", "reluDepthBefore", "reluDepthAfter",
                "macsBefore", "macsAfter", "relusBefore", "relusAfter", "maxAbsDiff", "maxRelDiff", "mergeSeconds",
                "linearDepthBefore", "linearDepthAfter"}) {
            assertTrue(j.has(key), key);
        }
        assertEquals(20, j.get("convsBefore").asInt());
        assertEquals(9, j.get("convsAfter").asInt());
        assertEquals(17, j.get("reluDepthBefore").asInt());
        assertEquals(9, j.get("reluDepthAfter").asInt());
        assertEquals(557056 / 4, j.get("relusBefore").asLong());
        assertEquals(311296 / 4, j.get("relusAfter").asLong());
        assertTrue(j.get("macsAfter").asLong() > j.get("macsBefore").asLong(), "exact 5x5 merges cost more MACs");
        assertTrue(j.get("maxRelDiff").asDouble() <= 1e-4, r.out());
        assertTrue(j.get("mergeSeconds").asDouble() >= 0);
        assertEquals("inner", j.get("dropRelus").asText());
        assertEquals(8, j.get("droppedRelus").size());
        assertEquals(0, j.get("notMerged").size());
        assertEquals("resnet18", j.get("model").get("name").asText());
    }

    @Test
    void textNamesWhatWasNotMergedAndTheMergeTime() {
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("fold", "--model", "resnet20", "--width", "0.25",
                "--input", "3x16x16");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("not merged:"), r.out());
        assertTrue(r.out().contains("layer1.0.add"), r.out());
        assertTrue(r.out().contains("merge time:"), r.out());
        assertTrue(r.out().contains("max relative"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--model resnet18 --drop-relus outer | --drop-relus",
            "--model vgg16 --drop-relus inner    | --drop-relus",
            "--model nope                        | --model",
    })
    void badInputIsOneLineNamingTheFlagWithExitCode2(String args, String named) {
        AnalyzeCommandTest.Result r = AnalyzeCommandTest.run(("fold --width 0.125 " + args).trim().split("\\s+"));
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), err);
        assertTrue(err.contains(named), err);
    }
}
