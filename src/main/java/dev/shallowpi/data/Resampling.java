package dev.shallowpi.data;

/**
 * Brings an image to {@code H x W}: scaled (by the same factor on both axes) until it covers {@code H x W}, so that
 * the side that is shorter relative to the target meets it, then cropped about the centre. For a square target
 * this is torchvision's {@code Resize(size)} followed by {@code CenterCrop(size)}.
 *
 * <p>Scaling is bilinear with pixel centres at half-integers; when shrinking, the triangle filter is widened by the
 * shrink factor so that every source pixel contributes (as PIL's bilinear does), rather than sampling 4 pixels
 * and skipping the rest. An image already {@code H x W} comes back unchanged, byte for byte, and one that only needs
 * cropping is cropped exactly.
 */
final class Resampling {
    private Resampling() {
    }

    /** The planes of an image of {@code h x w} brought to {@code th x tw}, plane by plane. */
    static byte[] fit(byte[] planes, int channels, int h, int w, int th, int tw) {
        if (h == th && w == tw) {
            return planes;
        }
        double scale = Math.max((double) th / h, (double) tw / w);
        int rh = Math.max(th, (int) Math.round(h * scale));
        int rw = Math.max(tw, (int) Math.round(w * scale));
        // only the rows and columns of the resized image that survive the crop are computed
        Weights rows = new Weights(h, rh, (rh - th) / 2, th);
        Weights cols = new Weights(w, rw, (rw - tw) / 2, tw);
        byte[] out = new byte[channels * th * tw];
        float[] across = new float[h * tw];
        for (int c = 0; c < channels; c++) {
            int src = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < tw; x++) {
                    float v = 0;
                    for (int k = 0; k < cols.count[x]; k++) {
                        v += cols.weight[x][k] * (planes[src + y * w + cols.first[x] + k] & 0xff);
                    }
                    across[y * tw + x] = v;
                }
            }
            int dst = c * th * tw;
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    float v = 0;
                    for (int k = 0; k < rows.count[y]; k++) {
                        v += rows.weight[y][k] * across[(rows.first[y] + k) * tw + x];
                    }
                    out[dst + y * tw + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return out;
    }

    /**
     * For each kept output position along one axis: the first source pixel it reads, how many, and their weights
     * (summing to 1).
     */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final float[][] weight;

        Weights(int in, int resized, int offset, int kept) {
            first = new int[kept];
            count = new int[kept];
            weight = new float[kept][];
            double ratio = (double) in / resized;
            double support = Math.max(ratio, 1.0);
            for (int i = 0; i < kept; i++) {
                double centre = (offset + i + 0.5) * ratio;
                int lo = Math.max(0, (int) Math.floor(centre - support));
                int hi = Math.min(in - 1, (int) Math.ceil(centre + support));
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int j = lo; j <= hi; j++) {
                    w[j - lo] = Math.max(0, 1 - Math.abs(j + 0.5 - centre) / support);
                    sum += w[j - lo];
                }
                // trim zero weights at both ends, so that a pure crop reads exactly one pixel with weight 1
                int a = 0;
                int b = w.length - 1;
                while (a < b && w[a] == 0) {
                    a++;
                }
                while (b > a && w[b] == 0) {
                    b--;
                }
                first[i] = lo + a;
                count[i] = b - a + 1;
                weight[i] = new float[count[i]];
                for (int k = 0; k < count[i]; k++) {
                    weight[i][k] = (float) (w[a + k] / sum);
                }
            }
        }
    }
}
