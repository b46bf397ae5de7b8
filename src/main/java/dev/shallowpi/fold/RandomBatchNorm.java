package dev.shallowpi.fold;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random BN statistics and affine parameters, for models without a checkpoint: freshly built models have
 * identity BNs (mean 0, variance 1, scale 1, shift 0), under which folding is nearly a no-op and a wrong fold
 * could pass unnoticed.
 */
public final class RandomBatchNorm {
    private RandomBatchNorm() {
    }

    /**
     * Every BN of the graph with scale in [0.5, 1.5], shift and mean normal with deviation 0.2, variance in
     * [0.25, 2.25]; eps and momentum kept. Seeded, drawn in graph order.
     */
    public static Graph randomize(Graph graph, long seed) {
        Random r = new Random(seed);
        List<Node> nodes = new ArrayList<>(graph.nodes().size());
        for (Node n : graph.nodes()) {
            if (n.op() instanceof BatchNorm bn) {
                int[] s = {bn.channels()};
                Tensor gamma = Tensor.generate(s, i -> 0.5 + r.nextDouble());
                Tensor beta = Tensor.generate(s, i -> 0.2 * r.nextGaussian());
                Tensor mean = Tensor.generate(s, i -> 0.2 * r.nextGaussian());
                Tensor var = Tensor.generate(s, i -> 0.25 + 2 * r.nextDouble());
                nodes.add(n.withOp(new BatchNorm(gamma, beta, mean, var, bn.eps(), bn.momentum())));
            } else {
                nodes.add(n);
            }
        }
        return graph.withNodes(nodes);
    }
}
