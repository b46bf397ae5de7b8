package dev.shallowpi.ir;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs a graph with {@link ReferenceKernels}: slow, simple, and the oracle for everything else. */
public final class ReferenceExecutor {
    private ReferenceExecutor() {
    }

    /** Runs a single-input graph on a batch and returns its output. */
    public static DoubleTensor run(Graph graph, DoubleTensor input) {
        if (graph.inputs().size() != 1) {
            throw new IllegalArgumentException("graph has " + graph.inputs().size() + " inputs; pass them by name");
        }
        return run(graph, Map.of(graph.inputs().get(0).name(), input));
    }

    /** Runs the graph on named inputs (each a batch) and returns the output. */
    public static DoubleTensor run(Graph graph, Map<String, DoubleTensor> inputs) {
        return runAll(graph, inputs, List.of(graph.output())).get(graph.output());
    }

    /**
     * Runs the graph and returns the values named in {@code keep} (node outputs or inputs). Other values are
     * dropped as soon as their last reader has run, so memory stays near the widest cut of the graph.
     */
    public static Map<String, DoubleTensor> runAll(Graph graph, Map<String, DoubleTensor> inputs, List<String> keep) {
        Map<String, DoubleTensor> values = new HashMap<>();
        Map<String, Integer> pendingReads = new HashMap<>();
        for (Input in : graph.inputs()) {
            DoubleTensor t = inputs.get(in.name());
            if (t == null) {
                throw new IllegalArgumentException("missing value for graph input '" + in.name() + "'");
            }
            if (!t.sampleShape().equals(in.shape())) {
                throw new IllegalArgumentException("input '" + in.name() + "' expects samples of " + in.shape()
                        + ", got " + t.sampleShape());
            }
            values.put(in.name(), t);
            pendingReads.put(in.name(), graph.consumers(in.name()).size());
        }
        for (Node node : graph.nodes()) {
            DoubleTensor out = apply(node, values);
            values.put(node.name(), out);
            pendingReads.put(node.name(), graph.consumers(node.name()).size());
            for (String src : node.inputs()) {
                int left = pendingReads.merge(src, -1, Integer::sum);
                if (left == 0 && !keep.contains(src)) {
                    values.remove(src);
                }
            }
        }
        Map<String, DoubleTensor> kept = new HashMap<>();
        for (String k : keep) {
            DoubleTensor v = values.get(k);
            if (v == null) {
                throw new IllegalArgumentException("no value named '" + k + "'");
            }
            kept.put(k, v);
        }
        return kept;
    }

    private static DoubleTensor apply(Node node, Map<String, DoubleTensor> values) {
        DoubleTensor x = values.get(node.inputs().get(0));
        Op op = node.op();
        // Java 17 has no pattern switch; the sealed Op keeps this chain complete (the last line guards it).
        if (op instanceof Conv2d c) {
            return ReferenceKernels.conv2d(x, c);
        } else if (op instanceof BatchNorm b) {
            return ReferenceKernels.batchNorm(x, b);
        } else if (op instanceof Relu r) {
            return ReferenceKernels.relu(x, r.max());
        } else if (op instanceof Add) {
            return ReferenceKernels.add(x, values.get(node.inputs().get(1)));
        } else if (op instanceof MaxPool m) {
            return ReferenceKernels.maxPool(x, m);
        } else if (op instanceof AvgPool a) {
            return ReferenceKernels.avgPool(x, a);
        } else if (op instanceof GlobalAvgPool) {
            return ReferenceKernels.globalAvgPool(x);
        } else if (op instanceof Flatten) {
            return ReferenceKernels.flatten(x);
        } else if (op instanceof Linear l) {
            return ReferenceKernels.linear(x, l);
        } else if (op instanceof Identity) {
            return x;
        } else if (op instanceof ChannelGather g) {
            return ReferenceKernels.channelGather(x, g);
        } else if (op instanceof Sigmoid) {
            return ReferenceKernels.sigmoid(x);
        } else if (op instanceof HardSigmoid h) {
            return ReferenceKernels.hardSigmoid(x, h);
        } else if (op instanceof Mul) {
            return ReferenceKernels.mul(x, values.get(node.inputs().get(1)));
        } else if (op instanceof Concat) {
            List<DoubleTensor> parts = new java.util.ArrayList<>(node.inputs().size());
            node.inputs().forEach(in -> parts.add(values.get(in)));
            return ReferenceKernels.concat(parts);
        }
        throw new IllegalStateException("no reference kernel for op " + op.kind() + " at node '" + node.name() + "'");
    }
}
