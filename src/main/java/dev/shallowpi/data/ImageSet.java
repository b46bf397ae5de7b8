package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

/**
 * Images as raw bytes (0-255, {@code C x H x W} planes per image, the order of the files they came from) with
 * their labels. Kept as bytes: a quarter of the memory of floats, and normalisation happens per batch.
 */
public record ImageSet(byte[] pixels, int[] labels, Shape imageShape, int classes) {
    public ImageSet {
        long per = imageShape.elements();
        if (pixels.length != per * labels.length) {
            throw new IllegalArgumentException(labels.length + " images of " + imageShape + " need " + per * labels.length
                    + " bytes, got " + pixels.length);
        }
    }

    public int size() {
        return labels.length;
    }

    /** The images at the given indices, in that order. */
    public ImageSet select(int[] indices) {
        int per = (int) imageShape.elements();
        byte[] p = new byte[indices.length * per];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, p, i * per, per);
            l[i] = labels[indices[i]];
        }
        return new ImageSet(p, l, imageShape, classes);
    }

    /** The first {@code n} images (all of them when there are fewer). */
    public ImageSet first(int n) {
        int[] idx = new int[Math.min(n, size())];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        return select(idx);
    }

    /** Concatenation of sets of the same shape and classes. */
    public static ImageSet concat(java.util.List<ImageSet> parts) {
        ImageSet first = parts.get(0);
        int n = parts.stream().mapToInt(ImageSet::size).sum();
        int per = (int) first.imageShape.elements();
        byte[] p = new byte[n * per];
        int[] l = new int[n];
        int at = 0;
        for (ImageSet s : parts) {
            System.arraycopy(s.pixels, 0, p, at * per, s.size() * per);
            System.arraycopy(s.labels, 0, l, at, s.size());
            at += s.size();
        }
        return new ImageSet(p, l, first.imageShape, first.classes);
    }
}
