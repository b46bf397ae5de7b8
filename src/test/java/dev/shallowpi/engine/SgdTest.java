package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The update rule against torch.optim.SGD's, step by step, with a changing learning rate. */
class SgdTest {
    /** Loss = sum(w * c): the gradient is c at every step, so the expected trajectory is plain arithmetic. */
    private static float[] run(boolean nesterov, boolean decayed) {
        try (NDManager m = Djl.newManager()) {
            Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
            NDArray w = m.create(new float[] {1f, -2f});
            w.setRequiresGradient(true);
            p.setArray(w);
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("w", p);
            Sgd sgd = new Sgd(0.9, 0.1, nesterov, decayed ? Set.of("w") : Set.of());
            NDArray c = m.create(new float[] {0.5f, 3f});
            double[] lrs = {0.1, 0.05, 0.02};
            for (double lr : lrs) {
                try (NDManager step = m.newSubManager(); GradientCollector gc = Djl.engine().newGradientCollector()) {
                    NDArray loss = w.mul(c).sum();
                    gc.backward(loss);
                }
                sgd.step(params, lr);
            }
            return w.toFloatArray();
        }
    }

    /** PyTorch's SGD in plain doubles. */
    private static float[] expected(boolean nesterov, boolean decayed) {
        double[] w = {1, -2};
        double[] c = {0.5, 3};
        double[] buf = null;
        double[] lrs = {0.1, 0.05, 0.02};
        for (double lr : lrs) {
            double[] d = new double[2];
            for (int i = 0; i < 2; i++) {
                d[i] = c[i] + (decayed ? 0.1 * w[i] : 0);
            }
            if (buf == null) {
                buf = d.clone();
            } else {
                for (int i = 0; i < 2; i++) {
                    buf[i] = 0.9 * buf[i] + d[i];
                }
            }
            for (int i = 0; i < 2; i++) {
                double u = nesterov ? d[i] + 0.9 * buf[i] : buf[i];
                w[i] -= lr * u;
            }
        }
        return new float[] {(float) w[0], (float) w[1]};
    }

    @Test
    void matchesTorchSgdWithMomentumAndDecay() {
        assertArrayEquals(expected(false, true), run(false, true), 1e-6f);
    }

    @Test
    void matchesTorchSgdNesterov() {
        assertArrayEquals(expected(true, true), run(true, true), 1e-6f);
    }

    @Test
    void parametersOutsideTheDecaySetAreNotDecayed() {
        assertArrayEquals(expected(false, false), run(false, false), 1e-6f);
    }

    @Test
    void scheduleWarmsUpThenDecaysToZero() {
        LrSchedule s = new LrSchedule(0.1, 10, 110);
        org.junit.jupiter.api.Assertions.assertEquals(0.01, s.at(0), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.1, s.at(9), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.1, s.at(10), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.05, s.at(60), 1e-12);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, s.at(110), 1e-12);
    }
}
