package dev.shallowpi.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiProfilesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode shipped(String name) throws Exception {
        try (InputStream in = PiProfiles.class.getResourceAsStream("profiles/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void everyShippedValueStatesItsSource() throws Exception {
        for (String name : PiProfiles.SHIPPED) {
            PiProfile p = PiProfiles.load(name);
            assertEquals(name, p.name());
            List<String> fields = new ArrayList<>();
            collectValues(shipped(name), "", fields);
            // 8 per-unit figures, 5 nonlinearity prices, 6 round counts, bandwidth and RTT
            assertEquals(21, fields.size(), name + ": " + fields);
            for (String kind : OpCosts.NONLINEARITIES.subList(1, OpCosts.NONLINEARITIES.size())) {
                assertTrue(fields.contains(".reluEquivalents." + kind), name + " prices " + kind + ": " + fields);
            }
        }
    }

    /** Every documented field: an object with a value must have a non-empty source that cites its origin. */
    private static void collectValues(JsonNode n, String path, List<String> out) {
        if (!n.isObject()) {
            return;
        }
        if (n.has("value")) {
            String source = n.path("source").asText("");
            assertTrue(source.length() > 20, path + " has no source");
            out.add(path);
            return;
        }
        n.properties().forEach(e -> collectValues(e.getValue(), path + "." + e.getKey(), out));
    }

    @Test
    void perUnitFiguresAreTheMeasuredTotalsOverTheCounts() {
        PiProfile p = PiProfiles.load("delphi-lan");
        long relus = 557_056;
        long macs = 555_468_800L;
        // REFERENCE.md section 4 totals for ResNet-18/CIFAR, to the digits printed there
        assertEquals(17.0, relus * p.relu().offlineSeconds(), 0.05);
        assertEquals(9.51e9 + 1.12e9, relus * p.relu().offlineBytes(), 0.01e9);
        assertEquals(10.2, relus * p.relu().onlineSeconds(), 0.05);
        assertEquals(0.66e9, relus * p.relu().onlineBytes(), 0.005e9);
        assertEquals(0.43, macs * p.mac().onlineSeconds(), 0.0005);
        assertEquals(286, macs * p.mac().offlineSeconds(), 0.5);
        assertEquals(0.37e9, macs * p.mac().offlineBytes(), 0.0005e9);
    }

    @Test
    void theWanProfileAddsTransferAndRoundTripsToTheSameCompute() {
        PiProfile lan = PiProfiles.load("delphi-lan");
        PiProfile wan = PiProfiles.load("delphi-wan");
        assertEquals(lan.relu(), wan.relu());
        assertEquals(lan.mac(), wan.mac());
        assertEquals(4e8, wan.network().bandwidthBitsPerSecond());
        assertEquals(0.04, wan.network().rttSeconds());
        PiEstimate l = PiEstimate.of(lan, 557_056, 555_468_800L, 17, 18);
        PiEstimate w = PiEstimate.of(wan, 557_056, 555_468_800L, 17, 18);
        assertEquals(l.online().computeSeconds(), w.online().computeSeconds(), 0);
        assertEquals(0, l.online().transferSeconds());
        // 659,554,304 B x 8 / 400 Mbit/s = 13.19 s; (17 + 1) round trips x 40 ms = 0.72 s
        assertEquals(659_554_304.0 * 8 / 4e8, w.online().transferSeconds(), 1e-9);
        assertEquals(18, w.online().rounds());
        assertEquals(0.72, w.online().roundTripSeconds(), 1e-12);
        assertEquals(w.online().seconds(), wan.onlineSeconds(557_056, 555_468_800L, 17, 18), 1e-9);
    }

    @Test
    void roundsFollowDepthNotLayerCount() {
        PiProfile wan = PiProfiles.load("delphi-wan");
        assertEquals(18, PiEstimate.of(wan, 1, 1, 17, 18).online().rounds());
        assertEquals(11, PiEstimate.of(wan, 1, 1, 10, 13).online().rounds());
        assertEquals(1, PiEstimate.of(wan, 1, 1, 10, 13).offline().rounds());
    }

    @TempDir
    Path dir;

    private String errorFor(String content) throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        PiProfileException e = assertThrows(PiProfileException.class, () -> PiProfiles.load(f.toString()));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    private String edited(String path, Object value) throws Exception {
        ObjectNode root = shipped("delphi-wan");
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        String last = parts[parts.length - 1];
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, JSON.valueToTree(value));
        }
        return JSON.writeValueAsString(root);
    }

    @Test
    void userFilesAreCheckedFieldByField() throws Exception {
        assertTrue(errorFor("{ not json").contains("not JSON"));
        assertTrue(errorFor("[1, 2]").contains("not a JSON object"));
        assertTrue(errorFor(edited("relu.onlineSeconds", null)).endsWith("field relu.onlineSeconds is missing"));
        assertTrue(errorFor(edited("mac.offlineBytes", -1)).contains("field mac.offlineBytes must be >= 0, got -1"));
        assertTrue(errorFor(edited("relu.onlineBytes", "many")).contains("field relu.onlineBytes must be a number"));
        assertTrue(errorFor(edited("rounds.onlineFixed", 1.5)).contains("field rounds.onlineFixed must be a whole"));
        assertTrue(errorFor(edited("network.bandwidthBitsPerSecond", 0))
                .contains("field network.bandwidthBitsPerSecond must be a number > 0"));
        assertTrue(errorFor(edited("network", null)).contains("field network.bandwidthBitsPerSecond is missing"));
        assertTrue(errorFor(edited("name", null)).contains("field name is missing"));
        assertTrue(errorFor(edited("reluEquivalents.sigmoid", null))
                .endsWith("field reluEquivalents.sigmoid is missing"));
        assertTrue(errorFor(edited("reluEquivalents.product", -1))
                .contains("field reluEquivalents.product must be >= 0"));
        assertTrue(errorFor(edited("reluEquivalents.tanh", 3))
                .contains("field reluEquivalents.tanh is no nonlinearity kind this tool counts"));
        assertTrue(errorFor(edited("rounds.onlinePerReluLayer", 1))
                .contains("field rounds.onlinePerReluLayer is now rounds.onlinePerNonlinearLayer"));
    }

    @Test
    void everyNonlinearityKindIsPricedInReluEquivalentsAndEveryNonlinearLayerIsARound() {
        PiProfile wan = PiProfiles.load("delphi-wan");
        assertEquals(2, wan.price("relu6"));
        assertEquals(2, wan.price("hard-sigmoid"));
        assertEquals(2, wan.price("sigmoid"));
        assertEquals(0.027, wan.price("product"));
        // a ReLU6 layer, a hard-sigmoid gate and the product x * gate after it (hard-swish), one after another
        ModelCost c = new ModelCost(List.of(), 100, 1000, 0, 1, 3, 2, 1, 0,
                java.util.Map.of("relu6", 100L, "hard-sigmoid", 50L, "product", 50L));
        double equivalents = 100 * 2 + 50 * 2 + 50 * 0.027;
        assertEquals(equivalents, wan.reluEquivalents(c.nonlinearities()), 1e-9);
        PiEstimate e = PiEstimate.of(wan, c);
        assertEquals(equivalents * wan.relu().onlineSeconds() + 1000 * wan.mac().onlineSeconds(),
                e.online().computeSeconds(), 1e-15);
        assertEquals(equivalents * wan.relu().offlineBytes() + 1000 * wan.mac().offlineBytes(), e.offline().bytes(),
                1e-6);
        assertEquals(3 + 1, e.online().rounds(), "three nonlinear layers on the path, and the fixed round trip");
        assertThrows(IllegalArgumentException.class, () -> wan.reluEquivalents(java.util.Map.of("tanh", 1L)));
    }

    @Test
    void plainNumbersAreAcceptedInUserFiles() throws Exception {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, "{\"name\": \"mine\", \"description\": \"test\", \"computeIncludes\": \"all\","
                + " \"relu\": {\"onlineSeconds\": 1e-5, \"onlineBytes\": 100, \"offlineSeconds\": 0,"
                + " \"offlineBytes\": 0},"
                + " \"mac\": {\"onlineSeconds\": 0, \"onlineBytes\": 0, \"offlineSeconds\": 0, \"offlineBytes\": 0},"
                + " \"reluEquivalents\": {\"relu6\": 2, \"clipped-relu\": 2, \"sigmoid\": 3,"
                + " \"hard-sigmoid\": 2, \"product\": 0.5},"
                + " \"rounds\": {\"onlinePerNonlinearLayer\": 2, \"onlinePerLinearLayer\": 1, \"onlineFixed\": 0,"
                + " \"offlinePerNonlinearLayer\": 0, \"offlinePerLinearLayer\": 0, \"offlineFixed\": 0},"
                + " \"network\": {\"bandwidthBitsPerSecond\": 8e6, \"rttSeconds\": 0.01}}");
        PiProfile p = PiProfiles.load(f.toString());
        PiEstimate e = PiEstimate.of(p, 1000, 5, 3, 4);
        // 1000 x 10 us + 100,000 B x 8 / 8 Mbit/s + (2 x 3 + 1 x 4) x 10 ms
        assertEquals(0.01 + 0.1 + 0.1, e.online().seconds(), 1e-12);
        assertEquals(10, e.online().rounds());
    }

    @Test
    void anUnknownNameListsTheShippedProfiles() {
        PiProfileException e = assertThrows(PiProfileException.class, () -> PiProfiles.load("delphi"));
        assertTrue(e.getMessage().contains("delphi-lan, delphi-wan"), e.getMessage());
    }
}
