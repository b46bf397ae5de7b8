package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ways to damage a valid model, shared by the hostile-file tests and the fuzz test. */
final class Damage {
    private Damage() {
    }

    static OnnxMl.ModelProto read(Path file) throws IOException {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    }

    static OnnxMl.ModelProto withInitializer(OnnxMl.ModelProto m, int index, TensorProto t) {
        return m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(index, t)).build();
    }

    static OnnxMl.ModelProto withoutInitializer(OnnxMl.ModelProto m, int index) {
        return m.toBuilder().setGraph(m.getGraph().toBuilder().removeInitializer(index)).build();
    }

    /** Initializer {@code index} with its raw data moved out to {@code location} (offset 0, stated length). */
    static OnnxMl.ModelProto external(OnnxMl.ModelProto m, int index, String location) {
        TensorProto t = m.getGraph().getInitializer(index);
        TensorProto ext = t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", "0"))
                .addExternalData(entry("length", String.valueOf(t.getRawData().size()))).build();
        return withInitializer(m, index, ext);
    }

    static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    /** Node {@code from} reads the output of node {@code to} (a later one) instead of its first input. */
    static OnnxMl.ModelProto rewire(OnnxMl.ModelProto m, int from, int to) {
        OnnxMl.NodeProto n = m.getGraph().getNode(from);
        OnnxMl.NodeProto changed = n.toBuilder().setInput(0, m.getGraph().getNode(to).getOutput(0)).build();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().setNode(from, changed)).build();
    }
}
