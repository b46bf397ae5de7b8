package dev.shallowpi.checkpoint;

import dev.shallowpi.ir.Tensor;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named float tensors in one little-endian binary blob: magic {@code SPTENSOR}, version, count, then per tensor
 * its name, rank, dimensions and values. Reading checks every declared size against the bytes that are really
 * there before allocating, so a damaged file is an error, not an out-of-memory.
 */
public final class TensorArchive {
    private static final byte[] MAGIC = "SPTENSOR".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_RANK = 8;

    private TensorArchive() {
    }

    public static void write(OutputStream os, Map<String, Tensor> tensors) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.write(MAGIC);
        ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(VERSION).putInt(tensors.size());
        out.write(head.array());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            Tensor t = e.getValue();
            ByteBuffer b = ByteBuffer.allocate(4 + name.length + 4 + 4 * t.rank() + 4 * t.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(name.length).put(name).putInt(t.rank());
            for (int d : t.shape()) {
                b.putInt(d);
            }
            for (float v : t.toFloatArray()) {
                b.putFloat(v);
            }
            out.write(b.array());
        }
        out.flush();
    }

    public static byte[] toBytes(Map<String, Tensor> tensors) {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try {
            write(bos, tensors);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /** Parses an archive; {@code source} names the file in errors. */
    public static Map<String, Tensor> read(byte[] data, String source) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        need(b, MAGIC.length + 8, source, "header");
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CheckpointError(source + ": not a shallowpi tensor archive (bad magic)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new CheckpointError(source + ": tensor archive version " + version + ", this build reads "
                    + VERSION);
        }
        int count = b.getInt();
        if (count < 0) {
            throw new CheckpointError(source + ": negative tensor count");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            need(b, 4, source, "tensor " + i);
            int nameLen = b.getInt();
            if (nameLen < 0 || nameLen > 4096) {
                throw new CheckpointError(source + ": tensor " + i + " has a bad name length " + nameLen);
            }
            need(b, nameLen + 4, source, "tensor " + i);
            byte[] name = new byte[nameLen];
            b.get(name);
            String key = new String(name, StandardCharsets.UTF_8);
            int rank = b.getInt();
            if (rank < 0 || rank > MAX_RANK) {
                throw new CheckpointError(source + ": tensor '" + key + "' has a bad rank " + rank);
            }
            need(b, 4L * rank, source, "tensor '" + key + "'");
            int[] shape = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = b.getInt();
                if (shape[d] < 0) {
                    throw new CheckpointError(source + ": tensor '" + key + "' has a negative dimension");
                }
                n *= shape[d];
            }
            need(b, 4 * n, source, "tensor '" + key + "'");
            float[] values = new float[(int) n];
            b.asFloatBuffer().get(values);
            b.position(b.position() + 4 * (int) n);
            if (out.put(key, Tensor.of(shape, values)) != null) {
                throw new CheckpointError(source + ": tensor '" + key + "' appears twice");
            }
        }
        if (b.hasRemaining()) {
            throw new CheckpointError(source + ": " + b.remaining() + " unexpected bytes after the last tensor");
        }
        return out;
    }

    private static void need(ByteBuffer b, long bytes, String source, String what) {
        if (bytes > b.remaining()) {
            throw new CheckpointError(source + ": truncated in " + what + " (needs " + bytes + " more bytes, "
                    + b.remaining() + " left)");
        }
    }
}
