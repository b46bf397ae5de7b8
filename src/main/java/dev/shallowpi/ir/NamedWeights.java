package dev.shallowpi.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph's weights as a flat map keyed {@code node.param}, with PyTorch's parameter names (a BN's scale and
 * shift are {@code weight} and {@code bias}, its statistics {@code running_mean} and {@code running_var}). The
 * bridge to everything that stores or trains weights without knowing the ops.
 */
public final class NamedWeights {
    public static final String WEIGHT = "weight";
    public static final String BIAS = "bias";
    public static final String RUNNING_MEAN = "running_mean";
    public static final String RUNNING_VAR = "running_var";

    private NamedWeights() {
    }

    /** Every weight of the graph, in node order. */
    public static Map<String, Tensor> extract(Graph graph) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            Op op = n.op();
            if (op instanceof Conv2d c) {
                out.put(key(n, WEIGHT), c.weight());
                if (c.bias() != null) {
                    out.put(key(n, BIAS), c.bias());
                }
            } else if (op instanceof Linear l) {
                out.put(key(n, WEIGHT), l.weight());
                if (l.bias() != null) {
                    out.put(key(n, BIAS), l.bias());
                }
            } else if (op instanceof BatchNorm b) {
                out.put(key(n, WEIGHT), b.gamma());
                out.put(key(n, BIAS), b.beta());
                out.put(key(n, RUNNING_MEAN), b.runningMean());
                out.put(key(n, RUNNING_VAR), b.runningVar());
            }
        }
        return out;
    }

    /**
     * A new graph whose weights are taken from {@code weights}; every key of the graph must be present with the
     * same shape, and no key may be left over.
     */
    public static Graph replace(Graph graph, Map<String, Tensor> weights) {
        Map<String, Tensor> unused = new LinkedHashMap<>(weights);
        List<Node> nodes = new ArrayList<>(graph.nodes().size());
        for (Node n : graph.nodes()) {
            Op op = n.op();
            Op replaced = op;
            if (op instanceof Conv2d c) {
                replaced = new Conv2d(take(unused, n, WEIGHT, c.weight()), c.bias() == null ? null
                        : take(unused, n, BIAS, c.bias()), c.stride(), c.padding(), c.dilation(), c.groups());
            } else if (op instanceof Linear l) {
                replaced = new Linear(take(unused, n, WEIGHT, l.weight()), l.bias() == null ? null
                        : take(unused, n, BIAS, l.bias()));
            } else if (op instanceof BatchNorm b) {
                replaced = new BatchNorm(take(unused, n, WEIGHT, b.gamma()), take(unused, n, BIAS, b.beta()),
                        take(unused, n, RUNNING_MEAN, b.runningMean()), take(unused, n, RUNNING_VAR, b.runningVar()),
                        b.eps(), b.momentum());
            }
            nodes.add(replaced == op ? n : n.withOp(replaced));
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("weights for unknown parameters: " + unused.keySet());
        }
        return graph.withNodes(nodes);
    }

    public static String key(Node node, String param) {
        return node.name() + "." + param;
    }

    private static Tensor take(Map<String, Tensor> weights, Node n, String param, Tensor current) {
        String k = key(n, param);
        Tensor t = weights.remove(k);
        if (t == null) {
            throw new IllegalArgumentException("missing weight '" + k + "'");
        }
        if (!java.util.Arrays.equals(t.shape(), current.shape())) {
            throw new IllegalArgumentException("weight '" + k + "' has shape " + java.util.Arrays.toString(t.shape())
                    + ", the graph needs " + java.util.Arrays.toString(current.shape()));
        }
        return t;
    }
}
