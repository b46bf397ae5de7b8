package dev.shallowpi.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes one image file with the JDK's {@code javax.imageio} into 8-bit planes at the image's own size: one plane
 * for a grayscale image (a gray colour model, or a palette of grays only), three (R, G, B) for any other. Alpha is
 * dropped, samples of more than 8 bits are scaled to 0-255. A file no decoder reads, or one the decoder reads only
 * with warnings (a truncated JPEG decodes with gray filler and a warning), is a {@link DataError} naming the file:
 * a damaged image is never trained on silently.
 */
final class ImageDecoder {
    /**
     * The most pixels one image may have (a 24-megapixel photo has fewer): decoding holds several copies of it per
     * decoding thread, and a hostile file may declare any size.
     */
    static final long MAX_PIXELS = 1L << 25;

    private ImageDecoder() {
    }

    /** An image as planes of bytes: {@code channels x height x width}. */
    record Decoded(int channels, int height, int width, byte[] planes) {
    }

    static Decoded decode(Path file) {
        BufferedImage image = read(file);
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(image, palette);
        }
        if (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            return fromGray(image.getRaster(), cm.getComponentSize(0));
        }
        return fromRgb(image);
    }

    private static BufferedImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DataError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        // From memory, not from the file: javax.imageio's file streams read byte by byte, a system call each.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataError(file + ": not an image javax.imageio can decode (expected PNG or JPEG data)");
            }
            ImageReader reader = readers.next();
            try {
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new DataError(file + ": " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels is "
                            + "more than this tool decodes (" + MAX_PIXELS + " pixels an image)");
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new DataError(file + ": damaged image (" + warnings.get(0) + ")");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataError d) {
                throw d;
            }
            // javax.imageio reports damaged data as IIOException, and as runtime exceptions from deeper down
            throw new DataError(file + ": cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    private static Decoded fromGray(Raster r, int bits) {
        int w = r.getWidth();
        int h = r.getHeight();
        int[] samples = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        byte[] plane = new byte[w * h];
        int max = (1 << bits) - 1;
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (byte) (bits == 8 ? samples[i] : Math.round(samples[i] * 255.0 / max));
        }
        return new Decoded(1, h, w, plane);
    }

    private static Decoded fromPalette(BufferedImage image, IndexColorModel palette) {
        boolean gray = true;
        for (int i = 0; i < palette.getMapSize(); i++) {
            gray &= palette.getRed(i) == palette.getGreen(i) && palette.getGreen(i) == palette.getBlue(i);
        }
        Raster r = image.getRaster();
        int w = r.getWidth();
        int h = r.getHeight();
        int n = w * h;
        int[] index = r.getSamples(0, 0, w, h, 0, new int[n]);
        byte[] planes = new byte[(gray ? 1 : 3) * n];
        for (int i = 0; i < n; i++) {
            planes[i] = (byte) palette.getRed(index[i]);
            if (!gray) {
                planes[n + i] = (byte) palette.getGreen(index[i]);
                planes[2 * n + i] = (byte) palette.getBlue(index[i]);
            }
        }
        return new Decoded(gray ? 1 : 3, h, w, planes);
    }

    /** Any other colour model, through {@code getRGB}: 8-bit sRGB whatever the file stored. */
    private static Decoded fromRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = w * h;
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] planes = new byte[3 * n];
        for (int i = 0; i < n; i++) {
            planes[i] = (byte) (argb[i] >> 16);
            planes[n + i] = (byte) (argb[i] >> 8);
            planes[2 * n + i] = (byte) argb[i];
        }
        return new Decoded(3, h, w, planes);
    }
}
