package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an ONNX file's bytes and parses them into a {@code ModelProto}, turning every failure into an {@link OnnxError}. */
final class ModelFile {
    /** Nesting of messages (graphs in attributes in graphs...): a CNN needs 4, a hostile file may try thousands. */
    private static final int RECURSION_LIMIT = 64;

    private ModelFile() {
    }

    static byte[] readBytes(Path file) {
        String label = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new OnnxError(label + ": is a folder, not an ONNX file");
            }
            long size = Files.size(file);
            if (size > Limits.MAX_FILE_BYTES) {
                throw new OnnxError(label + ": " + size + " bytes, more than an ONNX file can hold (2 GiB); "
                        + "store large weights as external data");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new OnnxError(label + ": no such file");
        } catch (IOException e) {
            throw new OnnxError(label + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Parses from an array, never from a stream: a length field that claims more bytes than the array holds is
     * then refused by the parser before anything of that length is allocated.
     */
    static OnnxMl.ModelProto parse(byte[] bytes, String label) {
        if (bytes.length == 0) {
            throw new OnnxError(label + ": empty file, not an ONNX model");
        }
        OnnxMl.ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            in.setRecursionLimit(RECURSION_LIMIT);
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxError(label + ": not a readable ONNX model (damaged protocol buffer: "
                    + oneLine(e.getMessage()) + ")", e);
        } catch (IOException | RuntimeException e) {
            // The parser is third-party code fed hostile bytes: whatever it throws is still a damaged file.
            throw new OnnxError(label + ": not a readable ONNX model (" + oneLine(String.valueOf(e)) + ")", e);
        }
        if (!model.hasGraph()) {
            throw new OnnxError(label + ": not an ONNX model (it holds no graph)");
        }
        return model;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }
}
