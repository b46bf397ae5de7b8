package dev.shallowpi.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Image folders made at test time from Fashion-MNIST's test images (Debian's dataset-fashion-mnist): each class
 * folder is named after its garment, so that name order (ankle-boot, bag, coat, ...) is not Fashion-MNIST's label
 * order, and holds the first images of that label as {@code img-0000.png}, ... (grayscale PNG, lossless).
 */
public final class FolderFixture {
    /** Fashion-MNIST's class names, in its label order. */
    public static final List<String> NAMES = List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal",
            "shirt", "sneaker", "bag", "ankle-boot");
    private static ImageSet source;

    private FolderFixture() {
    }

    /** The source images: Fashion-MNIST's 10,000 test images, read once per test JVM. */
    public static synchronized ImageSet source() {
        if (source == null) {
            source = DatasetKind.FASHION_MNIST.test(Path.of("/usr/share/datasets/fashion-mnist"));
        }
        return source;
    }

    /** The source images written to one split, in the order the folder lists them (class name, then file name). */
    public record Written(List<String> classes, List<byte[]> images, List<Integer> labels) {
    }

    /**
     * Writes {@code root/train} and {@code root/val} with the first {@code classes} Fashion-MNIST labels, {@code
     * train} and {@code val} images each, and returns what train/ holds in the folder's order.
     */
    public static Written write(Path root, int classes, int train, int val) {
        Written t = split(root.resolve("train"), classes, 0, train);
        split(root.resolve("val"), classes, train, val);
        return t;
    }

    /** Writes the images {@code skip..skip+count-1} of each of the first {@code classes} labels. */
    static Written split(Path dir, int classes, int skip, int count) {
        List<String> names = new ArrayList<>(NAMES.subList(0, classes));
        List<String> sorted = names.stream().sorted().toList();
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (String name : sorted) {
            int label = NAMES.indexOf(name);
            List<byte[]> of = images(label, skip, count);
            for (int i = 0; i < of.size(); i++) {
                writeGray(dir.resolve(name).resolve(String.format("img-%04d.png", i)), of.get(i), 28, 28);
                images.add(of.get(i));
                labels.add(sorted.indexOf(name));
            }
        }
        return new Written(sorted, images, labels);
    }

    /** The 28x28 images {@code skip..skip+count-1} of a Fashion-MNIST label, in file order. */
    static List<byte[]> images(int label, int skip, int count) {
        ImageSet s = source();
        List<byte[]> out = new ArrayList<>();
        int seen = 0;
        for (int i = 0; i < s.size() && out.size() < count; i++) {
            if (s.labels()[i] == label && seen++ >= skip) {
                out.add(Arrays.copyOfRange(s.pixels(), i * 784, (i + 1) * 784));
            }
        }
        return out;
    }

    /** A grayscale 8-bit PNG of {@code h x w} bytes. */
    public static void writeGray(Path file, byte[] pixels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, pixels);
        write(file, img, "png");
    }

    /** An RGB image of R, G and B planes of {@code h x w} bytes, as {@code format} ("png" or "jpeg"). */
    public static void writeRgb(Path file, byte[] planes, int h, int w, String format) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        int n = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (planes[i] & 0xff) << 16 | (planes[n + i] & 0xff) << 8 | (planes[2 * n + i] & 0xff));
            }
        }
        write(file, img, format);
    }

    private static void write(Path file, BufferedImage img, String format) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
