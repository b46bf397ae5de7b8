package dev.shallowpi.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint: the model graph with its weights, the optimizer state and a free-form JSON state
 * (run settings, epochs done, metrics history). Stored as one file, {@code DIR/checkpoint.zip}, replaced
 * atomically, so a process killed at any moment leaves the previous complete checkpoint; a readable copy of the
 * state goes to {@code DIR/metrics.json}.
 *
 * <p>Entries: {@code graph.json}, {@code weights.bin} and {@code optimizer.bin} ({@link TensorArchive}s),
 * {@code state.json}.
 */
public record Checkpoint(Graph graph, Map<String, Tensor> optimizerState, ObjectNode state) {
    public static final String FILE = "checkpoint.zip";
    public static final String METRICS_FILE = "metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long MAX_ENTRY = 4L << 30;

    /** A model alone, no optimizer state, its state naming only what it is (e.g. "deployed"). */
    public static Checkpoint ofKind(Graph graph, String kind) {
        return new Checkpoint(graph, Map.of(), JSON.createObjectNode().put("kind", kind));
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] graphJson = JSON.writeValueAsBytes(GraphCodec.toJson(graph));
        byte[] weights = TensorArchive.toBytes(NamedWeights.extract(graph));
        byte[] optimizer = TensorArchive.toBytes(optimizerState);
        byte[] stateJson = JSON.writeValueAsBytes(state);
        AtomicFiles.write(dir.resolve(FILE), out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            entry(zip, "graph.json", graphJson);
            entry(zip, "weights.bin", weights);
            entry(zip, "optimizer.bin", optimizer);
            entry(zip, "state.json", stateJson);
            zip.finish();
        });
        AtomicFiles.write(dir.resolve(METRICS_FILE), out -> out.write(stateJson));
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /** Reads {@code DIR/checkpoint.zip}; a missing or damaged file is a {@link CheckpointError} naming it. */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(FILE);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int r = zip.read(buf); r > 0; r = zip.read(buf)) {
                    total += r;
                    if (total > MAX_ENTRY) {
                        throw new CheckpointError(file + ": entry " + e.getName() + " is larger than 4 GiB");
                    }
                    bos.write(buf, 0, r);
                }
                entries.put(e.getName(), bos.toByteArray());
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointError(file + ": no checkpoint here (expected a folder written by shallowpi train)");
        } catch (IOException e) {
            throw new CheckpointError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        for (String need : new String[] {"graph.json", "weights.bin", "optimizer.bin", "state.json"}) {
            if (!entries.containsKey(need)) {
                throw new CheckpointError(file + ": damaged, entry " + need + " is missing");
            }
        }
        try {
            Map<String, Tensor> weights = TensorArchive.read(entries.get("weights.bin"), file + "!weights.bin");
            Graph graph = GraphCodec.fromJson(JSON.readTree(entries.get("graph.json")), weights, file + "!graph.json");
            Map<String, Tensor> opt = TensorArchive.read(entries.get("optimizer.bin"), file + "!optimizer.bin");
            JsonNode state = JSON.readTree(entries.get("state.json"));
            if (!(state instanceof ObjectNode o)) {
                throw new CheckpointError(file + "!state.json: not a JSON object");
            }
            return new Checkpoint(graph, opt, o);
        } catch (IOException e) {
            throw new CheckpointError(file + ": damaged JSON (" + e.getMessage() + ")", e);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
