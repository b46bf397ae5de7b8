package dev.shallowpi.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX and CIFAR readers on files made here in the published formats, whole and damaged. */
class ReadersTest {
    @TempDir
    Path dir;

    static byte[] idxImages(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            b.put((byte) (i % 251));
        }
        return b.array();
    }

    static byte[] idxLabels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void readsPlainAndGzippedIdx() throws IOException {
        Path img = write("i", idxImages(5, 3, 4));
        Path lab = write("l.gz", gzip(idxLabels(5)));
        ImageSet s = IdxReader.read(img, lab, 10);
        assertEquals(5, s.size());
        assertEquals("1x3x4", s.imageShape().toString());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, s.labels());
        assertEquals(13, s.pixels()[13]);
    }

    @Test
    void truncatedIdxNamesTheFileAndTheExpectedSize() throws IOException {
        byte[] full = idxImages(5, 3, 4);
        Path img = write("imgs", java.util.Arrays.copyOf(full, full.length - 7));
        Path lab = write("labs", idxLabels(5));
        DataError e = assertThrows(DataError.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("imgs") && e.getMessage().contains("expected 76 bytes")
                && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicCountMismatchAndBadLabelsAreNamed() throws IOException {
        Path img = write("imgs", idxImages(5, 3, 4));
        Path swapped = write("swapped", idxLabels(5));
        DataError magic = assertThrows(DataError.class, () -> IdxReader.read(swapped, img, 10));
        // images passed as labels: the file read first is refused by name for its magic number
        assertTrue(magic.getMessage().contains("imgs: not IDX labels") && magic.getMessage().contains("magic"),
                magic.getMessage());
        Path lab5 = write("labels5", idxLabels(5));
        DataError wrongImages = assertThrows(DataError.class, () -> IdxReader.read(lab5, lab5, 10));
        assertTrue(wrongImages.getMessage().contains("labels5") && wrongImages.getMessage().contains("IDX images"),
                wrongImages.getMessage());

        Path fewer = write("fewer", idxLabels(4));
        DataError count = assertThrows(DataError.class, () -> IdxReader.read(img, fewer, 10));
        assertTrue(count.getMessage().contains("4 labels") && count.getMessage().contains("5 images"));

        Path lab = write("labs", idxLabels(5));
        DataError range = assertThrows(DataError.class, () -> IdxReader.read(img, lab, 3));
        assertTrue(range.getMessage().contains("label 3"), range.getMessage());

        Path shortHeader = write("short", new byte[] {0, 0, 8});
        assertThrows(DataError.class, () -> IdxReader.read(shortHeader, lab, 10));
        Path missing = dir.resolve("nope");
        DataError nf = assertThrows(DataError.class, () -> IdxReader.read(missing, lab, 10));
        assertTrue(nf.getMessage().contains("nope") && nf.getMessage().contains("not found"));
    }

    @Test
    void corruptGzipIsNamed() throws IOException {
        byte[] gz = gzip(idxImages(5, 3, 4));
        Path img = write("imgs.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        Path lab = write("labs", idxLabels(5));
        DataError e = assertThrows(DataError.class, () -> IdxReader.read(img, lab, 10));
        assertTrue(e.getMessage().contains("imgs.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    static byte[] cifar(int n, int labelBytes, int label) {
        int rec = labelBytes + 3072;
        byte[] d = new byte[n * rec];
        for (int i = 0; i < n; i++) {
            d[i * rec + labelBytes - 1] = (byte) label;
            d[i * rec + labelBytes] = (byte) (7 + i);
            d[i * rec + labelBytes + 1024] = (byte) 200;
        }
        return d;
    }

    @Test
    void readsCifarRecordsPlaneByPlane() throws IOException {
        Path a = write("data_batch_1.bin", cifar(3, 1, 9));
        Path b = write("data_batch_2.bin", cifar(2, 1, 4));
        ImageSet s = CifarReader.readCifar10(List.of(a, b));
        assertEquals(5, s.size());
        assertArrayEquals(new int[] {9, 9, 9, 4, 4}, s.labels());
        assertEquals(8, s.pixels()[3072]);
        assertEquals((byte) 200, s.pixels()[1024]);
        ImageSet c100 = CifarReader.readCifar100(List.of(write("train.bin", cifar(2, 2, 99))));
        assertArrayEquals(new int[] {99, 99}, c100.labels());
    }

    @Test
    void damagedCifarIsNamed() throws IOException {
        byte[] d = cifar(3, 1, 1);
        Path cut = write("test_batch.bin", java.util.Arrays.copyOf(d, d.length - 100));
        DataError e = assertThrows(DataError.class, () -> CifarReader.readCifar10(List.of(cut)));
        assertTrue(e.getMessage().contains("test_batch.bin") && e.getMessage().contains("3073-byte"), e.getMessage());
        // CIFAR-100 fine labels read as CIFAR-10 run out of range
        Path c100 = write("train.bin", cifar(2, 1, 57));
        DataError range = assertThrows(DataError.class, () -> CifarReader.readCifar10(List.of(c100)));
        assertTrue(range.getMessage().contains("label 57"), range.getMessage());
    }

    @Test
    void splitsAreDisjointAndFixed() throws IOException {
        ImageSet s = IdxReader.read(write("i", idxImages(100, 2, 2)), write("l", idxLabels(100)), 10);
        Splits.TrainSplits a = Splits.split(s, 20, 30);
        Splits.TrainSplits b = Splits.split(s, 20, 0);
        assertEquals(20, a.calibration().size());
        assertEquals(30, a.train().size());
        assertEquals(80, b.train().size());
        assertArrayEquals(a.calibration().pixels(), b.calibration().pixels());
    }

    @Test
    void augmentationIsFixedBySeedAndEpoch() throws IOException {
        ImageSet s = IdxReader.read(write("i", idxImages(8, 6, 6)), write("l", idxLabels(8)), 10);
        Normalization n = DatasetKind.FASHION_MNIST.normalization();
        Augmentation aug = DatasetKind.FASHION_MNIST.augmentation();
        int[] idx = Batches.trainOrder(8, 4, 3, 2).get(0);
        Batch x = Batches.make(s, idx, n, aug, Batches.augmentationRandom(3, 2));
        Batch y = Batches.make(s, idx, n, aug, Batches.augmentationRandom(3, 2));
        assertArrayEquals(x.images(), y.images());
        Batch plain = Batches.make(s, new int[] {0}, n, Augmentation.NONE, null);
        assertEquals(n.apply(0, 0), plain.images()[0], 1e-7);
        assertEquals(n.apply(0, 7), plain.images()[7], 1e-7);
    }
}
