package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary versions of CIFAR-10 (records of 1 label byte + 3072 pixel bytes: R, G and B planes of 32x32) and
 * CIFAR-100 (2 label bytes, coarse then fine, + 3072). A file whose size is not a whole number of records, or
 * a label out of range, is an error naming the file.
 */
public final class CifarReader {
    private static final int PIXELS = 3 * 32 * 32;

    private CifarReader() {
    }

    public static ImageSet readCifar10(List<Path> files) {
        return read(files, 1, 10);
    }

    public static ImageSet readCifar100(List<Path> files) {
        return read(files, 2, 100);
    }

    private static ImageSet read(List<Path> files, int labelBytes, int classes) {
        List<ImageSet> parts = new ArrayList<>();
        for (Path f : files) {
            parts.add(readOne(f, labelBytes, classes));
        }
        return ImageSet.concat(parts);
    }

    private static ImageSet readOne(Path file, int labelBytes, int classes) {
        byte[] data = Files.readMaybeGzipped(file);
        int record = labelBytes + PIXELS;
        if (data.length == 0 || data.length % record != 0) {
            throw new DataError(file + ": expected a whole number of " + record + "-byte CIFAR-" + classes
                    + " records, found " + data.length + " bytes");
        }
        int n = data.length / record;
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = data[i * record + labelBytes - 1] & 0xff;
            if (label >= classes) {
                throw new DataError(file + ": label " + label + " in record " + i + " is not below " + classes
                        + " (is this CIFAR-" + (classes == 10 ? 100 : 10) + "?)");
            }
            labels[i] = label;
            System.arraycopy(data, i * record + labelBytes, pixels, i * PIXELS, PIXELS);
        }
        return new ImageSet(pixels, labels, Shape.of(3, 32, 32), classes);
    }
}
