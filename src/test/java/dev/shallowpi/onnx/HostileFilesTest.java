package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shallowpi.ir.Graph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged and hostile files end in one named error each; external data is read only from the model's folder. */
class HostileFilesTest {
    /** Initializer 2 of the eval fixture is the stem conv's weight, [2, 1, 3, 3]. */
    private static final int STEM = 2;
    private static OnnxMl.ModelProto model;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        model = Damage.read(Fixtures.model(Fixtures.RESNET18_EVAL));
        assertEquals("onnx::Conv_192", model.getGraph().getInitializer(STEM).getName());
    }

    private Path save(OnnxMl.ModelProto m, Path folder) throws Exception {
        Files.createDirectories(folder);
        Path f = folder.resolve("model.onnx");
        Files.write(f, m.toByteArray());
        return f;
    }

    private static OnnxError refused(Path file, String... expected) {
        OnnxError e = assertThrows(OnnxError.class, () -> OnnxImporter.read(file));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file.toString() + ": "), "names the file: " + msg);
        assertFalse(msg.contains("\n"), "one line: " + msg);
        for (String s : expected) {
            assertTrue(msg.contains(s), "mentions '" + s + "': " + msg);
        }
        return e;
    }

    @Test
    void externalDataInsideTheFolderIsRead() throws Exception {
        Path folder = dir.resolve("ok");
        Files.createDirectories(folder.resolve("weights"));
        Files.write(folder.resolve("weights/stem.bin"), model.getGraph().getInitializer(STEM).getRawData().toByteArray());
        Graph external = OnnxImporter.read(save(Damage.external(model, STEM, "weights/stem.bin"), folder)).graph();
        Graph inline = OnnxImporter.read(Fixtures.model(Fixtures.RESNET18_EVAL)).graph();
        assertEquals(inline.nodes(), external.nodes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/hostname", "../secret.bin", "weights/../../secret.bin", "..", "a\\..\\b"})
    void externalDataOutsideTheFolderIsRefused(String location) throws Exception {
        Files.write(dir.resolve("secret.bin"), new byte[72]);
        Path file = save(Damage.external(model, STEM, location), dir.resolve("m"));
        refused(file, "initializer 'onnx::Conv_192'", location);
    }

    @Test
    void externalDataLeadingOutThroughASymbolicLinkIsRefused() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.write(outside.resolve("stem.bin"), model.getGraph().getInitializer(STEM).getRawData().toByteArray());
        Path folder = dir.resolve("m");
        Files.createDirectories(folder);
        Files.createSymbolicLink(folder.resolve("link"), outside);
        Files.createSymbolicLink(folder.resolve("stem.bin"), outside.resolve("stem.bin"));
        refused(save(Damage.external(model, STEM, "link/stem.bin"), folder), "symbolic link");
        refused(save(Damage.external(model, STEM, "stem.bin"), folder), "symbolic link");
    }

    @Test
    void externalDataShorterThanItsTensorOrMissingIsRefused() throws Exception {
        Path folder = dir.resolve("short");
        Files.createDirectories(folder);
        Files.write(folder.resolve("stem.bin"), new byte[10]);
        refused(save(Damage.external(model, STEM, "stem.bin"), folder), "holds 10 bytes", "needs 72");
        refused(save(Damage.external(model, STEM, "absent.bin"), folder), "missing");
        OnnxMl.ModelProto lying = Damage.withInitializer(model, STEM, Damage.external(model, STEM, "stem.bin")
                .getGraph().getInitializer(STEM).toBuilder().setExternalData(2, Damage.entry("length", "999")).build());
        refused(save(lying, folder), "length 999");
    }

    @Test
    void externalDataInAModelGivenAsBytesIsRefused() {
        byte[] bytes = Damage.external(model, STEM, "stem.bin").toByteArray();
        OnnxError e = assertThrows(OnnxError.class, () -> OnnxImporter.parse(bytes, null, "bytes"));
        assertTrue(e.getMessage().contains("not read from a file"), e.getMessage());
    }

    @Test
    void declaredSizesAreCheckedBeforeAnythingIsAllocated() throws Exception {
        TensorProto stem = model.getGraph().getInitializer(STEM);
        // 10^12 elements declared over 72 bytes
        TensorProto huge = stem.toBuilder().clearDims().addDims(1_000_000).addDims(1_000_000).build();
        refused(save(Damage.withInitializer(model, STEM, huge), dir.resolve("a")), "declare more than");
        TensorProto big = stem.toBuilder().clearDims().addDims(1000).addDims(1000).build();
        refused(save(Damage.withInitializer(model, STEM, big), dir.resolve("b")), "raw_data holds 72 bytes",
                "need 4000000");
        TensorProto negative = stem.toBuilder().setDims(0, -2).build();
        refused(save(Damage.withInitializer(model, STEM, negative), dir.resolve("c")), "negative dimension -2");
        TensorProto wrongType = stem.toBuilder().setDataType(TensorProto.DataType.STRING_VALUE).build();
        refused(save(Damage.withInitializer(model, STEM, wrongType), dir.resolve("d")), "data type STRING");
        float[] nan = new float[18];
        nan[5] = Float.NaN;
        TensorProto notFinite = Protos.floats(stem.getName(), new long[] {2, 1, 3, 3}, nan);
        refused(save(Damage.withInitializer(model, STEM, notFinite), dir.resolve("e")), "NaN");
    }

    @Test
    void aMissingInitializerIsNamed() throws Exception {
        refused(save(Damage.withoutInitializer(model, STEM), dir), "'/conv1/Conv' (Conv)", "'onnx::Conv_192'",
                "missing initializer");
    }

    @Test
    void aCycleIsNamed() throws Exception {
        // the stem conv reads the output of the first block's second conv, which depends on the stem
        refused(save(Damage.rewire(model, 0, 4), dir), "cycle", "(Conv)");
    }

    @Test
    void aValueDefinedTwiceIsNamed() throws Exception {
        OnnxMl.NodeProto second = model.getGraph().getNode(1);
        OnnxMl.NodeProto clash = second.toBuilder().setOutput(0, model.getGraph().getNode(0).getOutput(0)).build();
        OnnxMl.ModelProto m = model.toBuilder().setGraph(model.getGraph().toBuilder().setNode(1, clash)).build();
        refused(save(m, dir), "produced by two nodes");
    }

    @Test
    void truncatedAndEmptyFilesAndFoldersAreNamed() throws Exception {
        byte[] bytes = model.toByteArray();
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        refused(cut, "not a readable ONNX model");
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        refused(empty, "empty");
        refused(dir, "folder");
        refused(dir.resolve("absent.onnx"), "no such file");
    }

    @Test
    void deeplyNestedMessagesAreRefusedNotFollowed() throws Exception {
        // an attribute holding a graph holding a node holding an attribute ... 200 levels deep
        OnnxMl.GraphProto g = OnnxMl.GraphProto.getDefaultInstance();
        for (int i = 0; i < 200; i++) {
            g = OnnxMl.GraphProto.newBuilder().addNode(OnnxMl.NodeProto.newBuilder().addAttribute(
                    OnnxMl.AttributeProto.newBuilder().setName("g").setG(g))).build();
        }
        Path f = dir.resolve("deep.onnx");
        Files.write(f, OnnxMl.ModelProto.newBuilder().setGraph(g).build().toByteArray());
        refused(f, "not a readable ONNX model");
    }
}
