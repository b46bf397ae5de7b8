package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tensor data stored next to the model (ONNX external data). Only files inside the model's own folder are read:
 * a location that is absolute, climbs out with {@code ..}, or leads out through a symbolic link is refused, so a
 * model cannot make the tool read arbitrary files. Offsets and lengths are checked against the file's real size
 * before a buffer is allocated.
 */
final class ExternalData {
    private final Path folder;
    private final String label;
    private long bytesRead;

    /** @param folder the model's folder, or null when the model came without one (then nothing external is read) */
    ExternalData(Path folder, String label) {
        this.folder = folder;
        this.label = label;
    }

    /** Reads exactly {@code expectedBytes} bytes for the tensor {@code what}. */
    byte[] read(TensorProto t, long expectedBytes, String what) {
        String location = null;
        long offset = 0;
        Long length = null;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(e.getValue(), "offset", what);
                case "length" -> length = number(e.getValue(), "length", what);
                case "checksum" -> {
                    // SHA-1 of the data, optional and informative; the sizes are what protect us.
                }
                default -> throw fail(what, "unknown external-data key " + Names.quoted(e.getKey()));
            }
        }
        if (location == null || location.isEmpty()) {
            throw fail(what, "external data without a location");
        }
        if (length != null && length != expectedBytes) {
            throw fail(what, "external data length " + length + " does not match the " + expectedBytes
                    + " bytes its dims and type need");
        }
        if (folder == null) {
            throw fail(what, "external data " + Names.quoted(location) + " but the model was not read from a file");
        }
        Path file = resolve(location, what);
        try {
            long size = Files.size(file);
            if (offset > size || expectedBytes > size - offset) {
                throw fail(what, "external data " + Names.quoted(location) + " holds " + size + " bytes, the tensor "
                        + "needs " + expectedBytes + " from offset " + offset);
            }
            if (expectedBytes > Integer.MAX_VALUE - 8) {
                throw fail(what, "external tensor of " + expectedBytes + " bytes is too large");
            }
            if (bytesRead + expectedBytes > Limits.MAX_EXTERNAL_BYTES) {
                throw fail(what, "external data beyond " + Limits.MAX_EXTERNAL_BYTES + " bytes in all");
            }
            bytesRead += expectedBytes;
            ByteBuffer buf = ByteBuffer.allocate((int) expectedBytes);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long pos = offset;
                while (buf.hasRemaining()) {
                    int r = ch.read(buf, pos);
                    if (r < 0) {
                        throw fail(what, "external data " + Names.quoted(location) + " ended early");
                    }
                    pos += r;
                }
            }
            return buf.array();
        } catch (IOException e) {
            throw fail(what, "cannot read external data " + Names.quoted(location) + " ("
                    + ModelFile.oneLine(e.getMessage()) + ")");
        }
    }

    private Path resolve(String location, String what) {
        if (location.indexOf('\0') >= 0 || location.indexOf('\\') >= 0) {
            throw fail(what, "external data location " + Names.quoted(location) + " is not a plain relative path");
        }
        Path rel;
        try {
            rel = Path.of(location);
        } catch (InvalidPathException e) {
            throw fail(what, "external data location " + Names.quoted(location) + " is not a valid path");
        }
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("~")) {
            throw fail(what, "external data location " + Names.quoted(location) + " is absolute; only files in "
                    + "the model's folder are read");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path target = base.resolve(rel).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw fail(what, "external data location " + Names.quoted(location) + " escapes the model's folder");
        }
        try {
            Path real = target.toRealPath();
            if (!real.startsWith(base.toRealPath())) {
                throw fail(what, "external data location " + Names.quoted(location) + " leads out of the model's "
                        + "folder through a symbolic link");
            }
            if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                throw fail(what, "external data " + Names.quoted(location) + " is not a regular file");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw fail(what, "external data file " + Names.quoted(location) + " is missing");
        } catch (IOException e) {
            throw fail(what, "cannot resolve external data " + Names.quoted(location) + " ("
                    + ModelFile.oneLine(e.getMessage()) + ")");
        }
    }

    private long number(String text, String key, String what) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw fail(what, "negative external-data " + key + " " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw fail(what, "external-data " + key + " " + Names.quoted(text) + " is not a number");
        }
    }

    private OnnxError fail(String what, String message) {
        return new OnnxError(label + ": " + what + ": " + message);
    }
}
