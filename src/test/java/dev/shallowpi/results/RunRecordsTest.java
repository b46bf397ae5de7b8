package dev.shallowpi.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run records read the files runs wrote before they had a schema version, and write them back with the same
 * keys and values (plus {@code schemaVersion}): existing runs still load, and a renamed record component would fail
 * here rather than in a user's resume.
 */
class RunRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = RunRecordsTest.class.getResourceAsStream("/runs-before-schema/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** The record's JSON against the file it was read from (a file without a version is written back without). */
    private static void assertSameKeysAndValues(JsonNode before, Object record) throws IOException {
        // through text, as the file itself: a tree of Java numbers keeps their types (long, float), a read one not
        JsonNode after = JSON.readTree(JSON.writeValueAsString(record));
        assertEquals(before, after);
    }

    @Test
    void everyMethodsPlanReadsAndWritesBackUnchanged() throws IOException {
        for (String method : List.of("shallow", "cull", "snl", "joint")) {
            JsonNode file = fixture(method + "-plan.json");
            Plan plan = JSON.treeToValue(file, Plan.class);
            assertNull(plan.schemaVersion(), "written before versions: read as version 1");
            assertEquals(method, plan.method());
            assertSameKeysAndValues(file, plan);
        }
        Plan joint = JSON.treeToValue(fixture("joint-plan.json"), Plan.class);
        assertTrue(joint.splitSearch().tries().size() > 1, "joint's tries are kept");
        assertTrue(joint.channelMasks() == null || !joint.channelMasks().isEmpty());
        Plan snl = JSON.treeToValue(fixture("snl-plan.json"), Plan.class);
        assertTrue(snl.channelTraining().settling().steps() > 0);
    }

    @Test
    void everySensitivityReadsAsItsKindAndWritesBackUnchanged() throws IOException {
        for (String kind : List.of("ablation", "gate", "snl")) {
            JsonNode file = fixture(kind + "-sensitivity.json");
            Sensitivity s = JSON.treeToValue(file, Sensitivity.class);
            assertEquals(kind, s.method());
            Class<?> expected = kind.equals("snl") ? CandidateSensitivity.Channels.class
                    : CandidateSensitivity.Layer.class;
            s.candidates().forEach(c -> assertInstanceOf(expected, c, kind));
            assertSameKeysAndValues(file, s);
        }
        // a stored measurement is reused only when its inputs equal a fresh one's: equal after a round trip
        Sensitivity gate = JSON.treeToValue(fixture("gate-sensitivity.json"), Sensitivity.class);
        assertEquals(gate.inputs(), JSON.readValue(JSON.writeValueAsString(gate.inputs()), SensitivityInputs.class));
        assertTrue(gate.inputs().gateEpochs() != null);
    }

    @Test
    void freshRecordsCarryTheCurrentVersion() {
        assertEquals(SchemaVersion.CURRENT, Plan.builder("shallow", "ReLU reduction 2.00x", "same").build()
                .schemaVersion());
        assertEquals(SchemaVersion.CURRENT, Sensitivity.ofChannels(0.01, List.of()).schemaVersion());
        JsonNode written = JSON.valueToTree(Sensitivity.ofLayers("ablation", 10, "same", List.of()));
        assertEquals(SchemaVersion.CURRENT, written.get("schemaVersion").asInt());
    }

    @Test
    void aLaterSchemaVersionIsRefusedByName() {
        SchemaVersion.check(null, "old.json");
        SchemaVersion.check(SchemaVersion.CURRENT, "now.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SchemaVersion.check(SchemaVersion.CURRENT + 1, "runs/x/plan.json"));
        assertTrue(e.getMessage().startsWith("runs/x/plan.json: schemaVersion " + (SchemaVersion.CURRENT + 1)),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SchemaVersion.check(0, "f.json"));
    }
}
