package dev.shallowpi.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reading whole dataset files, gzipped or not (told apart by the gzip magic, not by the name). */
final class Files {
    private Files() {
    }

    static byte[] readMaybeGzipped(Path file) {
        byte[] raw;
        try {
            raw = java.nio.file.Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataError(file + ": file not found");
        } catch (IOException e) {
            throw new DataError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new DataError(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
            }
        }
        return raw;
    }

    /**
     * Opens a file for streaming, decompressing it when it starts with the gzip magic. Large dataset files are
     * read this way straight into their final arrays, never held twice.
     */
    static InputStream openMaybeGzipped(Path file) {
        try {
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file),
                    1 << 16);
            in.mark(2);
            int a = in.read();
            int b = in.read();
            in.reset();
            if (a == 0x1f && b == 0x8b) {
                return new java.io.BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new DataError(file + ": file not found");
        } catch (IOException e) {
            throw new DataError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The first of the candidates that exists, or the first one (so that the error names it). */
    static Path firstExisting(Path dir, String... names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (java.nio.file.Files.isRegularFile(p)) {
                return p;
            }
        }
        return dir.resolve(names[0]);
    }
}
