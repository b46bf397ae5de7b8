package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.Batch;
import dev.shallowpi.data.Batches;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;

import java.util.List;

/**
 * Re-estimates every BN's running statistics on a set of images: training-mode forwards (batch statistics,
 * running statistics updated) with no gradients and no weight change, averaged over all batches. A graph whose
 * layers were rewritten (a ReLU removed, a conv pair replaced) feeds its BNs values of another distribution;
 * without this step such a student starts near chance.
 */
public final class BatchNormCalibration {
    private BatchNormCalibration() {
    }

    /** Updates {@code model}'s running statistics in place; batches of one image are skipped. */
    public static void reestimate(EngineModel model, ImageSet set, Normalization norm, int batchSize) {
        List<int[]> batches = Batches.evalOrder(set.size(), batchSize);
        int k = 0;
        try {
            for (int[] idx : batches) {
                if (idx.length < 2) {
                    continue;
                }
                k++;
                model.block().overrideMomentum(1.0 / k);
                Batch b = Batches.make(set, idx, norm, Augmentation.NONE, null);
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray x = step.create(b.images(), Trainer.batchShape(set, b.size()));
                    model.forward(x, true);
                }
            }
        } finally {
            model.block().overrideMomentum(null);
        }
    }
}
