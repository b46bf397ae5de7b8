package dev.shallowpi.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"resnet20", "vgg16", "mobilenetv2"})
    void graphWeightsAndStateRoundTrip(String name) throws IOException {
        Graph g = Zoo.build(new ModelSpec(name, 0.125, 10, Shape.parse("3x32x32"), 4));
        ObjectNode state = Checkpoint.json().createObjectNode().put("epochsDone", 3);
        Map<String, Tensor> opt = Map.of("fc.weight", Tensor.filled(new int[] {2, 2}, 0.5f));
        new Checkpoint(g, opt, state).write(dir);
        Checkpoint back = Checkpoint.read(dir);
        assertEquals(g.nodes(), back.graph().nodes());
        assertEquals(g.inputs(), back.graph().inputs());
        assertEquals(opt, back.optimizerState());
        assertEquals(3, back.state().get("epochsDone").asInt());
        assertTrue(Files.isRegularFile(dir.resolve(Checkpoint.METRICS_FILE)));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void cappedRelusKeepTheirCap() throws IOException {
        Graph g = OnnxImporter.read(Fixtures.file("torchvision/mobilenet_v2.onnx")).graph();
        assertTrue(g.nodes().stream().anyMatch(n -> n.op() instanceof Relu r && r.max() == Relu.SIX));
        new Checkpoint(g, Map.of(), Checkpoint.json().createObjectNode()).write(dir);
        assertEquals(g.nodes(), Checkpoint.read(dir).graph().nodes());
    }

    @Test
    void damagedCheckpointsAreNamedErrors() throws IOException {
        CheckpointError none = assertThrows(CheckpointError.class, () -> Checkpoint.read(dir));
        assertTrue(none.getMessage().contains("checkpoint.zip"), none.getMessage());
        Files.write(dir.resolve(Checkpoint.FILE), new byte[] {1, 2, 3});
        CheckpointError junk = assertThrows(CheckpointError.class, () -> Checkpoint.read(dir));
        assertTrue(junk.getMessage().contains("checkpoint.zip"), junk.getMessage());
    }

    @Test
    void truncatedTensorArchiveIsRefusedBeforeAllocating() {
        byte[] good = TensorArchive.toBytes(Map.of("w", Tensor.filled(new int[] {3, 3}, 1f)));
        for (int cut = 0; cut < good.length; cut += 5) {
            byte[] bad = java.util.Arrays.copyOf(good, cut);
            assertThrows(CheckpointError.class, () -> TensorArchive.read(bad, "x.bin"));
        }
        // a huge declared dimension fails on the size check, not with an OutOfMemoryError
        byte[] huge = good.clone();
        int dimAt = 8 + 8 + 4 + 1 + 4;
        java.nio.ByteBuffer.wrap(huge).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(dimAt, Integer.MAX_VALUE);
        CheckpointError e = assertThrows(CheckpointError.class, () -> TensorArchive.read(huge, "x.bin"));
        assertTrue(e.getMessage().contains("x.bin"));
    }
}
