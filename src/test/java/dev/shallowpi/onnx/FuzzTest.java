package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * 500 randomly damaged variants of a PyTorch fixture, each of which must end in a named {@link OnnxError} or in a
 * graph that passes validation, within a time bound: no other exception, no hang, no running out of memory. Damage
 * that always breaks the model (wrong dims, missing initializers, cycles, escaping external data) must be an error.
 */
class FuzzTest {
    /** 500 in the suite; {@code -Dfuzz.variants=20000 -Dfuzz.seed=S -Dfuzz.fixture=vgg_view} for a longer hunt. */
    private static final int VARIANTS = Integer.getInteger("fuzz.variants", 500);
    private static final long SEED = Long.getLong("fuzz.seed", 20240606);
    private static final String FIXTURE = System.getProperty("fuzz.fixture", Fixtures.RESNET18_EVAL);
    private static final Duration BOUND = Duration.ofSeconds(10);

    enum Kind { FLIPPED_BYTES, TRUNCATED, WRONG_DIMS, MISSING_INITIALIZER, CYCLE, ESCAPING_EXTERNAL_DATA }

    /** What the error of each always-fatal damage must say. */
    private static final Map<Kind, String> NAMED = Map.of(Kind.WRONG_DIMS, "initializer '",
            Kind.MISSING_INITIALIZER, "missing initializer", Kind.CYCLE, "cycle",
            Kind.ESCAPING_EXTERNAL_DATA, "external data");

    @TempDir
    Path dir;

    @Test
    void everyDamagedVariantEndsInANamedErrorOrAValidGraph() throws Exception {
        byte[] original = Files.readAllBytes(Fixtures.model(FIXTURE));
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(original);
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.write(outside.resolve("w.bin"), new byte[1 << 16]);
        Files.createSymbolicLink(folder.resolve("link"), outside);
        String[] escapes = {"/etc/passwd", outside.resolve("w.bin").toString(), "../outside/w.bin",
                "sub/../../outside/w.bin", "link/w.bin", "..", "./../model/../../outside/w.bin"};

        Random r = new Random(SEED);
        Map<Kind, int[]> outcomes = new EnumMap<>(Kind.class); // [imported, refused]
        for (Kind k : Kind.values()) {
            outcomes.put(k, new int[2]);
        }
        Kind[] kinds = Kind.values();
        for (int v = 0; v < VARIANTS; v++) {
            Kind kind = kinds[v % kinds.length];
            String label = "variant-" + v + "-" + kind;
            byte[] bytes;
            boolean fromFile = false;
            switch (kind) {
                case FLIPPED_BYTES -> {
                    bytes = original.clone();
                    for (int i = 1 + r.nextInt(16); i > 0; i--) {
                        bytes[r.nextInt(bytes.length)] ^= (byte) (1 + r.nextInt(255));
                    }
                }
                case TRUNCATED -> bytes = Arrays.copyOf(original, r.nextInt(original.length));
                case WRONG_DIMS -> bytes = wrongDims(model, r).toByteArray();
                case MISSING_INITIALIZER -> bytes = Damage.withoutInitializer(model,
                        r.nextInt(model.getGraph().getInitializerCount())).toByteArray();
                case CYCLE -> {
                    int from = r.nextInt(model.getGraph().getNodeCount());
                    while (model.getGraph().getNode(from).getInputCount() == 0) { // a Constant reads nothing
                        from = r.nextInt(model.getGraph().getNodeCount());
                    }
                    List<Integer> after = dependents(model.getGraph(), from);
                    bytes = Damage.rewire(model, from, after.get(r.nextInt(after.size()))).toByteArray();
                }
                default -> {
                    int index = r.nextInt(model.getGraph().getInitializerCount());
                    bytes = Damage.external(model, index, escapes[r.nextInt(escapes.length)]).toByteArray();
                    fromFile = true;
                }
            }
            Path file = folder.resolve("model.onnx");
            if (fromFile) {
                Files.write(file, bytes);
            }
            byte[] input = bytes;
            boolean viaFile = fromFile;
            boolean imported = assertTimeoutPreemptively(BOUND, () -> {
                try {
                    OnnxModel m = viaFile ? OnnxImporter.read(file) : OnnxImporter.parse(input, null, label);
                    Graph g = m.graph();
                    // validated on construction; the cost analysis walks every node and shape once more
                    CostAnalysis.of(g);
                    return true;
                } catch (OnnxError e) {
                    String msg = e.getMessage();
                    assertTrue(msg.startsWith((viaFile ? file.toString() : label) + ": "), msg);
                    assertFalse(msg.contains("\n"), msg);
                    String named = NAMED.get(kind);
                    assertTrue(named == null || msg.contains(named), kind + " names the damage: " + msg);
                    return false;
                }
            }, label);
            outcomes.get(kind)[imported ? 0 : 1]++;
        }
        for (Kind k : new Kind[] {Kind.WRONG_DIMS, Kind.MISSING_INITIALIZER, Kind.CYCLE, Kind.ESCAPING_EXTERNAL_DATA}) {
            assertEquals(0, outcomes.get(k)[0], k + " must always be refused");
        }
        int refused = 0;
        for (int[] o : outcomes.values()) {
            refused += o[1];
        }
        StringBuilder sb = new StringBuilder();
        outcomes.forEach((k, o) -> sb.append(k).append(": ").append(o[0]).append(" imported, ").append(o[1])
                .append(" refused; "));
        System.out.println(sb);
        assertTrue(refused > VARIANTS / 2, sb.toString());
    }

    /** The node itself and every node that depends on it: rewiring it to read any of them makes a cycle. */
    private static List<Integer> dependents(OnnxMl.GraphProto g, int start) {
        List<Integer> found = new ArrayList<>(List.of(start));
        Set<String> reached = new HashSet<>(g.getNode(start).getOutputList());
        for (int i = start + 1; i < g.getNodeCount(); i++) { // the fixture's nodes are in topological order
            if (g.getNode(i).getInputList().stream().anyMatch(reached::contains)) {
                found.add(i);
                reached.addAll(g.getNode(i).getOutputList());
            }
        }
        return found;
    }

    /** One initializer with a dimension that changes its element count: negative, zero, huge or off by some. */
    private static OnnxMl.ModelProto wrongDims(OnnxMl.ModelProto m, Random r) {
        int index = r.nextInt(m.getGraph().getInitializerCount());
        TensorProto t = m.getGraph().getInitializer(index);
        int axis = r.nextInt(t.getDimsCount());
        long d = t.getDims(axis);
        long[] choices = {-1, -d, 0, d + 1 + r.nextInt(7), d * 1_000_003L, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE};
        long wrong = choices[r.nextInt(choices.length)];
        if (wrong == d) {
            fail("a damage that changes nothing");
        }
        TensorProto.Builder b = t.toBuilder().setDims(axis, wrong);
        if (r.nextBoolean()) {
            b.addDims(1 + r.nextInt(5) + (r.nextBoolean() ? 0 : 1L << 33)); // and sometimes an extra axis
        }
        return Damage.withInitializer(m, index, b.build());
    }
}
