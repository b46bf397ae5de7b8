package dev.shallowpi.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Cuts an image set into batches. The order and the augmentation of an epoch depend only on the seed and the
 * epoch number, so a run resumed at epoch e sees exactly the batches an uninterrupted run would have seen.
 */
public final class Batches {
    private Batches() {
    }

    /**
     * Training batches of one epoch: shuffled, augmented, the last incomplete batch dropped (a batch of one
     * would have no batch statistics).
     */
    public static List<int[]> trainOrder(int size, int batchSize, long seed, int epoch) {
        int[] order = Splits.permutation(size, epochSeed(seed, epoch));
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start + batchSize <= size; start += batchSize) {
            batches.add(java.util.Arrays.copyOfRange(order, start, start + batchSize));
        }
        return batches;
    }

    /** Evaluation batches in file order, the last one possibly smaller. */
    public static List<int[]> evalOrder(int size, int batchSize) {
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < size; start += batchSize) {
            int end = Math.min(size, start + batchSize);
            int[] idx = new int[end - start];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = start + i;
            }
            batches.add(idx);
        }
        return batches;
    }

    static long epochSeed(long seed, int epoch) {
        return seed * 1_000_003L + epoch;
    }

    /** Normalises (and augments, when {@code random} is given) the images at {@code indices}. */
    public static Batch make(ImageSet set, int[] indices, Normalization norm, Augmentation aug, Random random) {
        int c = set.imageShape().channels();
        int h = set.imageShape().height();
        int w = set.imageShape().width();
        int per = c * h * w;
        float[] out = new float[indices.length * per];
        int[] labels = new int[indices.length];
        byte[] px = set.pixels();
        for (int b = 0; b < indices.length; b++) {
            int src = indices[b] * per;
            labels[b] = set.labels()[indices[b]];
            int dy = 0;
            int dx = 0;
            boolean flip = false;
            if (random != null) {
                int p = aug.cropPadding();
                dy = p > 0 ? random.nextInt(2 * p + 1) - p : 0;
                dx = p > 0 ? random.nextInt(2 * p + 1) - p : 0;
                flip = aug.flip() && random.nextBoolean();
            }
            for (int ch = 0; ch < c; ch++) {
                float zero = norm.apply(ch, 0);
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        float v = zero;
                        if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                            v = norm.apply(ch, px[src + (ch * h + sy) * w + sx] & 0xff);
                        }
                        out[b * per + (ch * h + y) * w + x] = v;
                    }
                }
            }
        }
        return new Batch(out, labels, indices.length);
    }

    /** The generator of an epoch's augmentation (distinct from its shuffle, both fixed by seed and epoch). */
    public static Random augmentationRandom(long seed, int epoch) {
        return new Random(~epochSeed(seed, epoch));
    }
}
