package dev.shallowpi.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Holds out a calibration split from the training set and optionally keeps only a subset of the rest. The
 * permutation uses a fixed seed, not the run's: a teacher and the student made from it later must agree on
 * which images were never trained on.
 */
public final class Splits {
    /** Fixed, so that every command sees the same calibration images. */
    public static final long SPLIT_SEED = 20230425L;

    private Splits() {
    }

    public record TrainSplits(ImageSet train, ImageSet calibration) {
    }

    public static TrainSplits split(ImageSet full, int calibrationSize, int trainSubset) {
        if (calibrationSize < 0 || calibrationSize >= full.size()) {
            throw new IllegalArgumentException("the calibration split must be between 0 and " + (full.size() - 1)
                    + " images, got " + calibrationSize);
        }
        int[] order = permutation(full.size(), SPLIT_SEED);
        int[] calib = Arrays.copyOfRange(order, 0, calibrationSize);
        int rest = full.size() - calibrationSize;
        int keep = trainSubset > 0 ? Math.min(trainSubset, rest) : rest;
        int[] train = Arrays.copyOfRange(order, calibrationSize, calibrationSize + keep);
        return new TrainSplits(full.select(train), full.select(calib));
    }

    /** Fisher-Yates with a seeded generator. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
