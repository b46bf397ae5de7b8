package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image folders made from Fashion-MNIST at test time: classes, labels, pixels, shapes, and every refusal. */
class ImageFolderTest {
    @TempDir
    Path dir;

    private static byte[] image(ImageSet s, int i) {
        int per = (int) s.imageShape().elements();
        return Arrays.copyOfRange(s.pixels(), i * per, (i + 1) * per);
    }

    @Test
    void grayscalePngsReadBackAsTheSourceWithSortedClasses() {
        FolderFixture.Written w = FolderFixture.write(dir, 5, 40, 10);
        FolderLayout layout = FolderLayout.scan(dir);
        assertEquals(List.of("coat", "dress", "pullover", "t-shirt", "trouser"), layout.classes());
        assertEquals(200, layout.train().size());
        assertEquals(50, layout.val().size());

        ImageFolder.Loaded loaded = ImageFolder.load(layout, null);
        ImageSet train = loaded.train();
        assertEquals(Shape.of(1, 28, 28), train.imageShape(), "all grayscale: one channel, the first image's size");
        assertEquals(5, train.classes());
        for (int i = 0; i < train.size(); i++) {
            assertArrayEquals(w.images().get(i), image(train, i), "PNG is lossless: image " + i);
            assertEquals(w.labels().get(i), train.labels()[i], "label of image " + i);
        }
        DatasetInfo info = loaded.spec().info();
        assertEquals("folder", info.name());
        assertEquals(5, info.classes());
        assertEquals(new Augmentation(3, true), info.augmentation(), "an eighth of 28, and flips");

        double sum = 0;
        double squares = 0;
        for (byte b : train.pixels()) {
            double v = (b & 0xff) / 255.0;
            sum += v;
            squares += v * v;
        }
        double mean = sum / train.pixels().length;
        assertEquals(mean, info.normalization().mean()[0], 1e-12);
        assertEquals(Math.sqrt(squares / train.pixels().length - mean * mean), info.normalization().std()[0], 1e-9);

        // what a run stored reads the same images back; val is the test set, in a fixed shuffled order
        assertArrayEquals(train.pixels(), ImageFolder.train(layout, loaded.spec()).pixels());
        ImageSet val = ImageFolder.val(layout, loaded.spec());
        assertEquals(50, val.size());
        ImageSet again = ImageFolder.val(FolderLayout.scan(dir), loaded.spec());
        assertArrayEquals(val.pixels(), again.pixels());
        assertArrayEquals(val.labels(), again.labels());
        int[] firstTen = Arrays.copyOf(val.labels(), 10);
        assertTrue(Arrays.stream(firstTen).distinct().count() > 1, "a test subset spans classes: "
                + Arrays.toString(firstTen));
    }

    @Test
    void otherFilesAndHiddenOnesArePassedOver() throws IOException {
        FolderFixture.write(dir, 3, 4, 2);
        Path coat = dir.resolve("train/pullover");
        Files.writeString(coat.resolve("notes.txt"), "not an image");
        Files.writeString(coat.resolve(".hidden.png"), "not an image either");
        Files.createDirectories(dir.resolve("train/.ipynb_checkpoints"));
        Files.createDirectories(dir.resolve("val/.ipynb_checkpoints"));
        Files.writeString(dir.resolve("train/README.md"), "about");
        FolderFixture.writeGray(coat.resolve("more/IMG-X.PNG"), new byte[28 * 28], 28, 28);
        FolderLayout layout = FolderLayout.scan(dir);
        assertEquals(List.of("pullover", "t-shirt", "trouser"), layout.classes());
        assertEquals(13, layout.train().size(), "4 a class, and the PNG in a sub-folder, whatever its case");
        assertEquals(13, ImageFolder.load(layout, null).train().size());
    }

    @Test
    void oneColourImageMakesThreeChannelsAndGrayIsRepeated() {
        FolderFixture.Written w = FolderFixture.write(dir, 3, 6, 2);
        byte[] rgb = new byte[3 * 28 * 28];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 7);
        }
        FolderFixture.writeRgb(dir.resolve("train/trouser/zz-colour.png"), rgb, 28, 28, "png");
        ImageSet train = ImageFolder.load(FolderLayout.scan(dir), null).train();
        assertEquals(Shape.of(3, 28, 28), train.imageShape());
        assertEquals(19, train.size());
        byte[] first = image(train, 0);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(w.images().get(0), Arrays.copyOfRange(first, c * 784, (c + 1) * 784), "plane " + c);
        }
        assertArrayEquals(rgb, image(train, 18), "the colour PNG, exactly");
    }

    @Test
    void rgbJpegsGiveThreeChannelsCloseToTheSource() {
        List<byte[]> sources = FolderFixture.images(0, 0, 6);
        for (String split : List.of("train", "val")) {
            for (String cls : List.of("red", "blue")) {
                for (int i = 0; i < 3; i++) {
                    FolderFixture.writeRgb(dir.resolve(split).resolve(cls).resolve("p" + i + ".jpg"),
                            tinted(sources.get(i + (cls.equals("red") ? 0 : 3)), cls.equals("red")), 28, 28, "jpeg");
                }
            }
        }
        FolderLayout layout = FolderLayout.scan(dir);
        ImageFolder.Loaded loaded = ImageFolder.load(layout, new ImageSize(32, 32));
        ImageSet train = loaded.train();
        assertEquals(Shape.of(3, 32, 32), train.imageShape());
        assertEquals(List.of("blue", "red"), layout.classes());
        assertEquals(3, loaded.spec().normalization().mean().length);
        // red images are brighter in R than in B, blue ones the other way round (JPEG is lossy: compare sums)
        for (int i = 0; i < train.size(); i++) {
            byte[] p = image(train, i);
            long r = 0;
            long b = 0;
            for (int k = 0; k < 1024; k++) {
                r += p[k] & 0xff;
                b += p[2048 + k] & 0xff;
            }
            assertEquals(train.labels()[i] == 1, r > b, "image " + i);
        }
        assertEquals(Shape.of(3, 32, 32), ImageFolder.val(layout, loaded.spec()).imageShape());
    }

    private static byte[] tinted(byte[] gray, boolean red) {
        byte[] out = new byte[3 * 784];
        for (int k = 0; k < 784; k++) {
            int v = gray[k] & 0xff;
            out[k] = (byte) (red ? v : v / 4);
            out[784 + k] = (byte) (v / 2);
            out[1568 + k] = (byte) (red ? v / 4 : v);
        }
        return out;
    }

    @Test
    void theFirstImageDecidesTheSizeAndOthersAreScaledToCoverThenCentreCropped() {
        FolderFixture.write(dir, 2, 3, 1);
        // "t-shirt" sorts first: its first image, 20x24, decides the size
        byte[] small = new byte[20 * 24];
        Arrays.fill(small, (byte) 9);
        FolderFixture.writeGray(dir.resolve("train/t-shirt/img-0000.png"), small, 20, 24);
        ImageSet train = ImageFolder.load(FolderLayout.scan(dir), null).train();
        assertEquals(Shape.of(1, 20, 24), train.imageShape());
        for (int k = 0; k < 480; k++) {
            assertEquals(9, train.pixels()[k]);
        }
    }

    @Test
    void aPureCropIsExactAndAScaleKeepsFlatImagesFlat() {
        // 28 high, 40 wide, to 28x28: the scale is 1, the middle 28 columns (from 6) are kept unchanged
        byte[] wide = new byte[28 * 40];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (byte) (i % 40 * 5 + i / 40);
        }
        byte[] cropped = Resampling.fit(wide, 1, 28, 40, 28, 28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(wide[y * 40 + x + 6], cropped[y * 28 + x]);
            }
        }
        // 30 high, 40 wide, to 28x28: scaled by 28/30 to 28x37, columns 4 to 31 kept; a column ramp stays a ramp
        byte[] ramp = new byte[30 * 40];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) (i % 40 * 6);
        }
        byte[] out = Resampling.fit(ramp, 1, 30, 40, 28, 28);
        for (int y = 1; y < 28; y++) {
            assertArrayEquals(Arrays.copyOfRange(out, 0, 28), Arrays.copyOfRange(out, y * 28, y * 28 + 28));
        }
        for (int x = 1; x < 28; x++) {
            assertTrue((out[x] & 0xff) > (out[x - 1] & 0xff), "increasing at " + x);
        }
        // centre of kept column 0 (resized column 4) lies at source x = 4.5 * 40/37 - 0.5 = 4.36: value 6 * 4.36
        assertEquals(26, out[0] & 0xff, 1);
        byte[] flat = new byte[3 * 14 * 50];
        Arrays.fill(flat, (byte) 77);
        byte[] up = Resampling.fit(flat, 3, 14, 50, 28, 28);
        assertEquals(3 * 28 * 28, up.length);
        for (byte b : up) {
            assertEquals(77, b);
        }
        byte[] down = Resampling.fit(flat, 3, 14, 50, 7, 7);
        for (byte b : down) {
            assertEquals(77, b);
        }
    }

    @Test
    void aColourValImageBecomesGrayForAGrayscaleSet() {
        FolderFixture.write(dir, 2, 3, 1);
        byte[] rgb = new byte[3 * 784];
        Arrays.fill(rgb, 0, 784, (byte) 200);
        FolderFixture.writeRgb(dir.resolve("val/trouser/colour.png"), rgb, 28, 28, "png");
        FolderLayout layout = FolderLayout.scan(dir);
        ImageFolder.Loaded loaded = ImageFolder.load(layout, null);
        ImageSet val = ImageFolder.val(layout, loaded.spec());
        assertEquals(Shape.of(1, 28, 28), val.imageShape());
        boolean found = false;
        for (int i = 0; i < val.size(); i++) {
            found |= (image(val, i)[0] & 0xff) == Math.round(0.299 * 200);
        }
        assertTrue(found, "0.299 R + 0.587 G + 0.114 B");
    }

    private String refused(Runnable read) {
        return assertThrows(DataError.class, read::run).getMessage();
    }

    @Test
    void badFoldersAreRefusedByName() throws IOException {
        assertTrue(refused(() -> FolderLayout.scan(dir.resolve("nope"))).contains("no such folder"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertTrue(refused(() -> FolderLayout.scan(file)).contains("not a folder"));

        Path noTrain = Files.createDirectories(dir.resolve("no-train/val/a"));
        assertTrue(refused(() -> FolderLayout.scan(noTrain.getParent().getParent())).contains("no train/ folder"));

        Path noVal = dir.resolve("no-val");
        FolderFixture.write(noVal, 2, 2, 1);
        deleteTree(noVal.resolve("val"));
        assertTrue(refused(() -> FolderLayout.scan(noVal)).contains("no val/ folder"));

        Path noClasses = dir.resolve("no-classes");
        Files.createDirectories(noClasses.resolve("val"));
        Files.createDirectories(noClasses.resolve("train"));
        Files.writeString(noClasses.resolve("train/a.png"), "loose file");
        String m = refused(() -> FolderLayout.scan(noClasses));
        assertTrue(m.contains(noClasses.resolve("train") + ": no class folders"), m);

        Path oneClass = dir.resolve("one-class");
        FolderFixture.write(oneClass, 1, 2, 1);
        assertTrue(refused(() -> FolderLayout.scan(oneClass)).contains("only one class folder (t-shirt)"));

        Path emptyClass = dir.resolve("empty-class");
        FolderFixture.write(emptyClass, 3, 2, 1);
        Path pullover = emptyClass.resolve("train/pullover");
        try (var files = Files.list(pullover)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(pullover.resolve("labels.txt"), "not an image");
        m = refused(() -> FolderLayout.scan(emptyClass));
        assertTrue(m.contains(pullover + ": no .png, .jpg or .jpeg images"), m);

        Path valDiffers = dir.resolve("val-differs");
        FolderFixture.write(valDiffers, 3, 2, 1);
        Files.move(valDiffers.resolve("val/pullover"), valDiffers.resolve("val/pullovers"));
        m = refused(() -> FolderLayout.scan(valDiffers));
        assertTrue(m.contains(valDiffers.resolve("val") + ": its class folders must be train/'s; missing: pullover; "
                + "not in train/: pullovers"), m);
    }

    @Test
    void anImageThatCannotBeDecodedIsNamed() throws IOException {
        FolderFixture.write(dir, 2, 300, 1);
        Path bad = dir.resolve("train/trouser/img-0123.png");
        Files.writeString(bad, "this is not a PNG");
        String m = refused(() -> ImageFolder.load(FolderLayout.scan(dir), null));
        assertTrue(m.startsWith(bad + ": "), m);

        Path cut = dir.resolve("train/trouser/img-0200.png");
        byte[] png = Files.readAllBytes(cut);
        Files.writeString(bad, "");
        FolderFixture.writeGray(bad, new byte[784], 28, 28);
        Files.write(cut, Arrays.copyOf(png, png.length / 2));
        m = refused(() -> ImageFolder.load(FolderLayout.scan(dir), null));
        assertTrue(m.startsWith(cut + ": "), m);

        Path jpeg = dir.resolve("train/trouser/img-0200.jpg");
        Files.delete(cut);
        FolderFixture.writeRgb(jpeg, new byte[3 * 784], 28, 28, "jpeg");
        byte[] j = Files.readAllBytes(jpeg);
        Files.write(jpeg, Arrays.copyOf(j, j.length - 200));
        m = refused(() -> ImageFolder.load(FolderLayout.scan(dir), null));
        assertTrue(m.startsWith(jpeg + ": "), "a truncated JPEG decodes with a warning only: " + m);
    }

    @Test
    void aChangedFolderIsRefusedAgainstWhatARunStored() throws IOException {
        FolderFixture.write(dir, 3, 4, 2);
        FolderSpec spec = ImageFolder.load(FolderLayout.scan(dir), null).spec();
        Files.delete(dir.resolve("train/pullover/img-0003.png"));
        String m = refused(() -> ImageFolder.train(FolderLayout.scan(dir), spec));
        assertTrue(m.contains("holds 11 images, not the 12 the run read"), m);
        FolderFixture.writeGray(dir.resolve("train/pullover/img-0009.png"), new byte[784], 28, 28);
        m = refused(() -> ImageFolder.train(FolderLayout.scan(dir), spec));
        assertTrue(m.contains("not the same files as the 12"), m);
        FolderSpec other = new FolderSpec(List.of("a", "b", "c"), spec.imageShape(), spec.normalization(), 12,
                spec.trainListing());
        m = refused(() -> ImageFolder.train(FolderLayout.scan(dir), other));
        assertTrue(m.contains("class folders pullover, t-shirt, trouser are not the run's a, b, c"), m);
        m = refused(() -> ImageFolder.val(FolderLayout.scan(dir), other));
        assertTrue(m.contains("class folders pullover, t-shirt, trouser are not the run's a, b, c"), m);
        assertNotEquals(spec.trainListing(), FolderLayout.scan(dir).trainListing());
    }

    @Test
    void imageSizesAreParsedOrRefused() {
        assertEquals(new ImageSize(32, 48), ImageSize.parse("32x48"));
        assertEquals(new ImageSize(7, 7), ImageSize.parse(" 7X7 "));
        for (String bad : List.of("32", "32x", "x32", "32x32x3", "0x32", "-1x5", "axb", "99999x2", "")) {
            assertThrows(DataError.class, () -> ImageSize.parse(bad), bad);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
