package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DistillationAndCalibrationTest {
    @Test
    void klDivergenceMatchesTheDefinition() {
        try (NDManager m = Djl.newManager()) {
            NDArray p = m.create(new float[] {1, 2, 0.5f, -1, 0, 3}, new Shape(2, 3));
            NDArray q = m.create(new float[] {0, 0, 0, 2, 1, 0}, new Shape(2, 3));
            float[][] pp = {{1, 2, 0.5f}, {-1, 0, 3}};
            float[][] qq = {{0, 0, 0}, {2, 1, 0}};
            double expected = Logits.meanKl(pp, qq);
            assertEquals(expected, Distillation.klDivergence(p, q, 1).getFloat(), 1e-6);
            assertEquals(0, Distillation.klDivergence(p, p, 4).getFloat(), 1e-7);
            // at temperature T the logits are divided by T first
            float[][] p2 = {{0.5f, 1, 0.25f}, {-0.5f, 0, 1.5f}};
            float[][] q2 = {{0, 0, 0}, {1, 0.5f, 0}};
            assertEquals(Logits.meanKl(p2, q2), Distillation.klDivergence(p, q, 2).getFloat(), 1e-6);
        }
    }

    @Test
    void calibrationAveragesBatchStatisticsOverTheWholeSet() {
        // one BN over one channel of 1x1x2 images; running stats start far off (mean 5, var 9)
        Tensor one = Tensor.filled(new int[] {1}, 1f);
        Tensor zero = Tensor.filled(new int[] {1}, 0f);
        GraphBuilder b = new GraphBuilder().input("x", dev.shallowpi.ir.Shape.of(1, 1, 2));
        String bn = b.add("bn", new BatchNorm(one, zero, Tensor.filled(new int[] {1}, 5f),
                Tensor.filled(new int[] {1}, 9f), 1e-5, 0.1), "x");
        Graph g = b.build(bn);
        // pixels / 255 with mean 0, std 1/255: the values are the raw bytes
        byte[] px = {0, 2, 4, 6, 10, 10, 20, 40};
        ImageSet set = new ImageSet(px, new int[] {0, 0, 0, 0}, dev.shallowpi.ir.Shape.of(1, 1, 2), 1);
        Normalization identity = new Normalization(new double[] {0}, new double[] {1.0 / 255});
        try (EngineModel m = EngineModel.of(g)) {
            BatchNormCalibration.reestimate(m, set, identity, 2);
            Map<String, Tensor> w = m.block().weights();
            // batch 1: {0,2,4,6} mean 3, unbiased var 20/3; batch 2: {10,10,20,40} mean 20, unbiased var 200
            assertEquals((3 + 20) / 2.0, w.get("bn.running_mean").get(0), 1e-4);
            assertEquals((20.0 / 3 + 200) / 2, w.get("bn.running_var").get(0), 1e-3);
        }
    }
}
