package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * MNIST-style IDX files: a big-endian header (magic {@code 0x00000803} for unsigned-byte images of rank 3,
 * {@code 0x00000801} for labels of rank 1), the dimension sizes, then the bytes. Every size is checked against
 * the file before anything is trusted.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an image file and its label file into one set. */
    public static ImageSet read(Path imagesFile, Path labelsFile, int classes) {
        byte[] lab = Files.readMaybeGzipped(labelsFile);
        ByteBuffer lb = header(labelsFile, lab, LABELS_MAGIC, 8, "labels (magic 0x00000801)");
        int m = lb.getInt(4);
        if (m < 0 || lab.length != 8L + m) {
            throw new DataError(labelsFile + ": expected " + (8L + Math.max(m, 0)) + " bytes for " + m
                    + " labels, found " + lab.length + (lab.length < 8L + m ? " (truncated)" : ""));
        }
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = lab[8 + i] & 0xff;
            if (labels[i] >= classes) {
                throw new DataError(labelsFile + ": label " + labels[i] + " at record " + i + " is not below "
                        + classes);
            }
        }
        // Images are streamed into their final array: the header is checked first, then exactly the declared
        // bytes are read, and the file must end there.
        try (InputStream in = Files.openMaybeGzipped(imagesFile)) {
            byte[] head = in.readNBytes(16);
            ByteBuffer ib = header(imagesFile, head, IMAGES_MAGIC, 16, "images (magic 0x00000803)");
            int n = ib.getInt(4);
            int rows = ib.getInt(8);
            int cols = ib.getInt(12);
            if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE - 16) {
                throw new DataError(imagesFile + ": bad dimensions " + n + "x" + rows + "x" + cols);
            }
            if (m != n) {
                throw new DataError(labelsFile + ": has " + m + " labels but " + imagesFile.getFileName() + " has "
                        + n + " images");
            }
            long expected = 16L + (long) n * rows * cols;
            byte[] pixels = new byte[n * rows * cols];
            int got = in.readNBytes(pixels, 0, pixels.length);
            if (got < pixels.length) {
                throw new DataError(imagesFile + ": expected " + expected + " bytes for " + n + " images of " + rows
                        + "x" + cols + ", found " + (16L + got) + " (truncated)");
            }
            if (in.read() != -1) {
                throw new DataError(imagesFile + ": expected " + expected + " bytes for " + n + " images of " + rows
                        + "x" + cols + ", found more");
            }
            return new ImageSet(pixels, labels, Shape.of(1, rows, cols), classes);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DataError(imagesFile + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataError(imagesFile + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static ByteBuffer header(Path file, byte[] data, int magic, int headerBytes, String what) {
        if (data.length < headerBytes) {
            throw new DataError(file + ": expected an IDX " + what + " header of " + headerBytes + " bytes, found "
                    + data.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int found = b.getInt(0);
        if (found != magic) {
            throw new DataError(file + ": not IDX " + what + ": magic is 0x" + String.format("%08x", found));
        }
        return b;
    }
}
