package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

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
        byte[] img = Files.readMaybeGzipped(imagesFile);
        byte[] lab = Files.readMaybeGzipped(labelsFile);
        ByteBuffer ib = header(imagesFile, img, IMAGES_MAGIC, 16, "images (magic 0x00000803)");
        int n = ib.getInt(4);
        int rows = ib.getInt(8);
        int cols = ib.getInt(12);
        if (n < 0 || rows <= 0 || cols <= 0) {
            throw new DataError(imagesFile + ": bad dimensions " + n + "x" + rows + "x" + cols);
        }
        long expected = 16L + (long) n * rows * cols;
        if (img.length != expected) {
            throw new DataError(imagesFile + ": expected " + expected + " bytes for " + n + " images of " + rows + "x"
                    + cols + ", found " + img.length + (img.length < expected ? " (truncated)" : ""));
        }
        ByteBuffer lb = header(labelsFile, lab, LABELS_MAGIC, 8, "labels (magic 0x00000801)");
        int m = lb.getInt(4);
        if (m != n) {
            throw new DataError(labelsFile + ": has " + m + " labels but " + imagesFile.getFileName() + " has " + n
                    + " images");
        }
        if (lab.length != 8L + m) {
            throw new DataError(labelsFile + ": expected " + (8L + m) + " bytes for " + m + " labels, found "
                    + lab.length + (lab.length < 8L + m ? " (truncated)" : ""));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lab[8 + i] & 0xff;
            if (labels[i] >= classes) {
                throw new DataError(labelsFile + ": label " + labels[i] + " at record " + i + " is not below "
                        + classes);
            }
        }
        byte[] pixels = new byte[n * rows * cols];
        System.arraycopy(img, 16, pixels, 0, pixels.length);
        return new ImageSet(pixels, labels, Shape.of(1, rows, cols), classes);
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
