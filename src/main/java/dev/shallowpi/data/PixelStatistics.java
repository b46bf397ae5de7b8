package dev.shallowpi.data;

/**
 * Per-channel mean and standard deviation of a set's pixels on the 0-1 scale, over every pixel of every image (the
 * population figures, as the published means and deviations of MNIST and CIFAR are). Sums are kept in whole numbers,
 * so the result does not depend on the order of the images.
 */
final class PixelStatistics {
    /**
     * The deviation used for a channel with none (every pixel alike): normalising then only centres it, instead of
     * dividing by zero.
     */
    static final double FLAT = 1.0;

    private PixelStatistics() {
    }

    static Normalization of(ImageSet set) {
        int c = set.imageShape().channels();
        int plane = set.imageShape().height() * set.imageShape().width();
        long[] sum = new long[c];
        long[] squares = new long[c];
        byte[] px = set.pixels();
        for (int i = 0; i < set.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int at = (i * c + ch) * plane;
                long s = 0;
                long q = 0;
                for (int k = 0; k < plane; k++) {
                    int v = px[at + k] & 0xff;
                    s += v;
                    q += v * v;
                }
                sum[ch] += s;
                squares[ch] += q;
            }
        }
        double n = (double) set.size() * plane;
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            double var = Math.max(0, squares[ch] / n - m * m);
            mean[ch] = m / 255.0;
            std[ch] = var > 0 ? Math.sqrt(var) / 255.0 : FLAT;
        }
        return new Normalization(mean, std);
    }
}
