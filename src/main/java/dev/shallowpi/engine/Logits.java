package dev.shallowpi.engine;

import ai.djl.ndarray.NDManager;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.Batch;
import dev.shallowpi.data.Batches;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;

/** Evaluation-mode outputs of a model over a whole set, {@code [images][classes]}, for comparisons. */
public final class Logits {
    private Logits() {
    }

    public static float[][] of(EngineModel model, ImageSet set, Normalization norm, int batchSize) {
        float[][] out = new float[set.size()][];
        int at = 0;
        for (int[] idx : Batches.evalOrder(set.size(), batchSize)) {
            Batch b = Batches.make(set, idx, norm, Augmentation.NONE, null);
            float[] flat;
            try (NDManager step = model.manager().newSubManager()) {
                flat = model.forward(step.create(b.images(), Trainer.batchShape(set, b.size())), false).toFloatArray();
            }
            int k = flat.length / b.size();
            for (int i = 0; i < b.size(); i++) {
                out[at++] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
            }
        }
        return out;
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Mean KL(softmax(p) || softmax(q)) over rows, in double precision. */
    public static double meanKl(float[][] p, float[][] q) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double[] lp = logSoftmax(p[i]);
            double[] lq = logSoftmax(q[i]);
            for (int j = 0; j < lp.length; j++) {
                sum += Math.exp(lp[j]) * (lp[j] - lq[j]);
            }
        }
        return sum / p.length;
    }

    static double[] logSoftmax(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (float x : v) {
            s += Math.exp(x - max);
        }
        double log = max + Math.log(s);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - log;
        }
        return out;
    }

    public static double accuracy(float[][] logits, int[] labels) {
        int correct = 0;
        for (int i = 0; i < logits.length; i++) {
            correct += argmax(logits[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / logits.length;
    }
}
