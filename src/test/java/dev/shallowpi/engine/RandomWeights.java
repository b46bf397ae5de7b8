package dev.shallowpi.engine;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test helper: replaces every weight by random values (positive variances), so BN is not the identity. BN scales
 * stay below one so that activations keep a unit-like magnitude through deep models, where an absolute
 * tolerance means something.
 */
final class RandomWeights {
    private RandomWeights() {
    }

    static Graph randomise(Graph g, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : NamedWeights.extract(g).entrySet()) {
            Tensor t = e.getValue();
            boolean var = e.getKey().endsWith(".running_var");
            boolean gamma = e.getKey().endsWith(".weight") && t.rank() == 1;
            double scale = t.rank() == 4 ? Math.sqrt(2.0 / (t.dim(1) * t.dim(2) * t.dim(3))) : 0.3;
            w.put(e.getKey(), Tensor.generate(t.shape(), i -> var ? 0.5 + r.nextDouble()
                    : gamma ? 0.2 + 0.3 * r.nextDouble() : r.nextGaussian() * scale));
        }
        return NamedWeights.replace(g, w);
    }
}
