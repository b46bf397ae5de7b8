package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Evaluation-mode forwards run a conv whose only reader is a batch norm as one conv with the BN folded into its
 * weight and bias ({@code w * gamma / sqrt(var + eps)} per output channel, {@code (b - mean) * gamma / sqrt(var + eps)
 * + beta}), as PyTorch's own {@code fuse_conv_bn_eval} does: the BN's pass over the activations is gone (inference
 * about 10-20 % faster on the zoo's narrow ResNets, BENCHMARKS.md). The folded arrays are made once and kept until
 * the weights may change: every training forward drops them (an SGD step follows one; batch-norm calibration runs
 * them), so evaluations between training steps, and a frozen teacher's every forward, reuse them.
 */
final class EvalBatchNormFold {
    /** BN node name to the conv before it, for every BN that folds. */
    private final Map<String, String> convOfBn = new HashMap<>();
    /** Conv node name to its BN. */
    private final Map<String, Node> bnOfConv = new HashMap<>();
    private final Map<String, NDArray[]> folded = new HashMap<>();

    EvalBatchNormFold(Graph graph) {
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof BatchNorm)) {
                continue;
            }
            String src = n.inputs().get(0);
            if (graph.hasNode(src) && graph.node(src).op() instanceof Conv2d
                    && graph.consumers(src).equals(List.of(n.name())) && !src.equals(graph.output())) {
                convOfBn.put(n.name(), src);
                bnOfConv.put(src, n);
            }
        }
    }

    /** Whether this BN node's work is done by the conv before it, in evaluation. */
    boolean isFolded(String bn) {
        return convOfBn.containsKey(bn);
    }

    /**
     * The folded weight and bias of a conv followed by a folding BN, or null for another conv. {@code param} reads
     * a parameter of a node by weight name (null when the node has none, as a conv without bias).
     */
    NDArray[] weightAndBias(Node conv, BiFunction<Node, String, NDArray> param) {
        Node bn = bnOfConv.get(conv.name());
        if (bn == null) {
            return null;
        }
        return folded.computeIfAbsent(conv.name(), k -> fold(conv, bn, param));
    }

    private static NDArray[] fold(Node conv, Node bn, BiFunction<Node, String, NDArray> param) {
        NDArray b = param.apply(conv, NamedWeights.BIAS);
        double eps = ((BatchNorm) bn.op()).eps();
        // detached views: the folded arrays outlive the step that makes them (they go under the weights' manager),
        // and a forward inside a gradient collector must not record them
        try (NDArray w = param.apply(conv, NamedWeights.WEIGHT).stopGradient();
             NDArray mean = param.apply(bn, NamedWeights.RUNNING_MEAN).stopGradient();
             NDArray var = param.apply(bn, NamedWeights.RUNNING_VAR).stopGradient();
             NDArray gamma = param.apply(bn, NamedWeights.WEIGHT).stopGradient();
             NDArray beta = param.apply(bn, NamedWeights.BIAS).stopGradient();
             NDArray bias = b == null ? mean.zerosLike() : b.stopGradient();
             NDArray varEps = var.add((float) eps);
             NDArray std = varEps.sqrt();
             NDArray scale = gamma.div(std);
             NDArray scale4 = scale.reshape(scale.getShape().get(0), 1, 1, 1);
             NDArray shifted = bias.sub(mean);
             NDArray scaled = shifted.mul(scale)) {
            return new NDArray[] {w.mul(scale4), scaled.add(beta)};
        }
    }

    /** Drops the folded arrays: the weights may change. */
    void invalidate() {
        for (NDArray[] wb : folded.values()) {
            wb[0].close();
            wb[1].close();
        }
        folded.clear();
    }
}
