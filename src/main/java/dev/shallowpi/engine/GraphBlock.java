package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Identity;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Tensor;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL block that runs an {@code ir.Graph}: one parameter per named weight (keys as {@link NamedWeights}),
 * and a forward pass that walks the nodes with DJL's functional ops. Running statistics are parameters without
 * gradient; a training-mode forward updates them in place, as PyTorch does.
 */
public final class GraphBlock extends AbstractBlock {
    private final Graph graph;
    private final Map<String, Parameter> byKey = new LinkedHashMap<>();
    /** Gates by ReLU node: {@code alpha * relu(x) + (1 - alpha) * x} (see {@link Gate}); none unless asked for. */
    private final Map<String, Parameter> gates = new LinkedHashMap<>();
    private final Map<String, Gate> gateSpecs = new LinkedHashMap<>();
    private final boolean trainable;
    /** The layout of training-mode activations (see {@link #toChannelsLast}); evaluation runs on NCHW. */
    private TrainingLayout layout = TrainingLayout.fromEnvironment();
    /** When set, the weight of the new batch in every BN's running statistics (PyTorch's momentum). */
    private Double momentumOverride;
    /** Evaluation forwards run conv + BN as one conv. */
    private final EvalBatchNormFold evalFold;
    /** Evaluation forwards free each activation after its last reader. */
    private final ValueLifetimes lifetimes;
    /** Values every forward returns after the output, in this order (block-wise distillation reads them). */
    private List<String> taps = List.of();
    /** Counts the times the weights may have changed: loads, and training forwards (an SGD step follows one). */
    private long weightsVersion;

    public GraphBlock(Graph graph) {
        this(graph, true);
    }

    /** {@code trainable = false} makes no parameter ask for gradients: a frozen teacher costs no backward work. */
    public GraphBlock(Graph graph, boolean trainable) {
        this(graph, trainable, java.util.Set.of());
    }

    /**
     * A block whose ReLU nodes named in {@code gated} compute {@code alpha * relu(x) + (1 - alpha) * x} with a
     * learnable scalar {@code alpha} (parameter {@code gate.NODE}, starting at 1, so the block starts as the
     * graph). The gates are not weights of the graph: {@link #toGraph()} leaves them out.
     */
    public GraphBlock(Graph graph, boolean trainable, java.util.Set<String> gated) {
        this(graph, trainable, layerGates(gated));
    }

    /**
     * A block whose ReLU nodes named in {@code gated} are gated as their {@link Gate} says (parameter
     * {@code gate.NODE}). A learnable gate takes gradients only in a trainable block.
     */
    public GraphBlock(Graph graph, boolean trainable, Map<String, Gate> gated) {
        this.graph = graph;
        this.trainable = trainable;
        this.evalFold = new EvalBatchNormFold(graph);
        this.lifetimes = new ValueLifetimes(graph);
        for (Map.Entry<String, Gate> e : gated.entrySet()) {
            String relu = e.getKey();
            if (!graph.hasNode(relu) || !(graph.node(relu).op() instanceof Relu)) {
                throw new IllegalArgumentException("cannot gate '" + relu + "': not a ReLU node of the graph");
            }
            int channels = graph.shape(relu).dim(0);
            if (e.getValue().perChannel() && e.getValue().initial().length != channels) {
                throw new IllegalArgumentException("cannot gate '" + relu + "': " + e.getValue().initial().length
                        + " channel values for " + channels + " channels");
            }
            gateSpecs.put(relu, e.getValue());
            gates.put(relu, addParameter(Parameter.builder().setName("gate." + relu).setType(Parameter.Type.OTHER)
                    .optRequiresGrad(trainable && e.getValue().learnable()).build()));
        }
        for (Node n : graph.nodes()) {
            checkSupported(n);
        }
        for (Map.Entry<String, Tensor> e : NamedWeights.extract(graph).entrySet()) {
            String key = e.getKey();
            boolean stat = key.endsWith("." + NamedWeights.RUNNING_MEAN) || key.endsWith("." + NamedWeights.RUNNING_VAR);
            Parameter p = Parameter.builder().setName(key)
                    .setType(stat ? Parameter.Type.RUNNING_MEAN : key.endsWith(".bias") ? Parameter.Type.BIAS
                            : Parameter.Type.WEIGHT)
                    .optRequiresGrad(trainable && !stat)
                    .build();
            byKey.put(key, addParameter(p));
        }
    }

    private static Map<String, Gate> layerGates(java.util.Set<String> relus) {
        Map<String, Gate> g = new LinkedHashMap<>();
        relus.forEach(r -> g.put(r, Gate.layer()));
        return g;
    }

    /** Pool padding must be symmetric per axis: DJL's pooling ops take one value per axis. */
    private static void checkSupported(Node n) {
        Padding p = null;
        if (n.op() instanceof MaxPool m) {
            p = m.padding();
        } else if (n.op() instanceof AvgPool a) {
            p = a.padding();
        }
        if (p != null && (p.top() != p.bottom() || p.left() != p.right())) {
            throw new IllegalArgumentException("node '" + n.name() + "': asymmetric pooling padding " + p
                    + " is not supported by the DJL engine");
        }
    }

    public Graph graph() {
        return graph;
    }

    /**
     * Overrides every BN's momentum (PyTorch's convention) for the following training-mode forwards; {@code null}
     * restores each layer's own. Re-estimating statistics with {@code 1/k} at the k-th batch gives their plain
     * average over all batches, as PyTorch's {@code momentum=None}.
     */
    public void overrideMomentum(Double momentum) {
        this.momentumOverride = momentum;
    }

    /** The layout of training-mode activations, in place of the one the environment chose; for benchmarks. */
    public void useLayout(TrainingLayout layout) {
        this.layout = layout;
    }

    /**
     * Makes every forward return these nodes' values after the output (none: just the output). Evaluation
     * forwards then keep every value to the end instead of freeing each after its last reader.
     */
    public void tap(List<String> nodes) {
        for (String n : nodes) {
            if (!graph.hasNode(n)) {
                throw new IllegalArgumentException("cannot tap '" + n + "': no such node in the graph");
            }
        }
        this.taps = List.copyOf(nodes);
    }

    /** Parameters by weight key, in graph order (gates not included). */
    public Map<String, Parameter> parametersByKey() {
        return byKey;
    }

    /** Gate parameters by ReLU node name. */
    public Map<String, Parameter> gates() {
        return gates;
    }

    /**
     * Copies the graph's weights into freshly made arrays under {@code manager}. Once only: DJL parameters take
     * one array for life, so new weights mean a new block.
     */
    public void loadWeights(NDManager manager, Map<String, Tensor> weights) {
        weightsVersion++;
        for (Map.Entry<String, Parameter> e : byKey.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("missing weight '" + e.getKey() + "'");
            }
            NDArray a = manager.create(t.toFloatArray(), new Shape(toLong(t.shape())));
            a.setName(e.getKey());
            if (e.getValue().requiresGradient()) {
                a.setRequiresGradient(true);
            }
            e.getValue().setArray(a);
        }
        for (Map.Entry<String, Parameter> e : gates.entrySet()) {
            Gate spec = gateSpecs.get(e.getKey());
            NDArray a = manager.create(spec.initial(), gateShape(e.getKey(), spec));
            if (e.getValue().requiresGradient()) {
                a.setRequiresGradient(true);
            }
            e.getValue().setArray(a);
        }
    }

    /** One value, or one per channel shaped to broadcast over a batch: {@code (1, C, 1, 1)} or {@code (1, F)}. */
    private Shape gateShape(String relu, Gate spec) {
        if (!spec.perChannel()) {
            return new Shape(1);
        }
        int[] sample = graph.shape(relu).dims();
        long[] dims = new long[sample.length + 1];
        java.util.Arrays.fill(dims, 1);
        dims[1] = sample[0];
        return new Shape(dims);
    }

    /** The current weights, copied out of the engine. */
    public Map<String, Tensor> weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : byKey.entrySet()) {
            NDArray a = e.getValue().getArray();
            out.put(e.getKey(), Tensor.of(toInt(a.getShape().getShape()), a.toFloatArray()));
        }
        return out;
    }

    /** Changes whenever the weights may have changed; evaluation sessions of another runtime reload on a change. */
    long weightsVersion() {
        return weightsVersion;
    }

    /** The graph with the engine's current weights. */
    public Graph toGraph() {
        return NamedWeights.replace(graph, weights());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        if (training) {
            evalFold.invalidate(); // the weights change after a training forward (an SGD step, BN statistics)
            weightsVersion++;
        }
        Map<String, NDArray> values = new HashMap<>();
        for (int i = 0; i < graph.inputs().size(); i++) {
            NDArray x = inputs.get(i);
            String name = graph.inputs().get(i).name();
            values.put(name, training ? arrange(x) : x);
        }
        if (!taps.isEmpty()) {
            // every value kept until the end: the taps are read after the walk
            for (Node n : graph.nodes()) {
                NDArray y = apply(ps, n, values, training);
                values.put(n.name(), training && layout == TrainingLayout.AUTO ? arrange(y) : y);
            }
            NDList out = new NDList(values.get(graph.output()));
            taps.forEach(t -> out.add(values.get(t)));
            return out;
        }
        if (!training) {
            ValueLifetimes.Forward lifetimes = this.lifetimes.new Forward(values);
            List<Node> nodes = graph.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                lifetimes.produced(i, nodes.get(i).name(), apply(ps, nodes.get(i), values, false));
            }
            return new NDList(values.get(graph.output()));
        }
        for (Node n : graph.nodes()) {
            NDArray y = apply(ps, n, values, training);
            values.put(n.name(), layout == TrainingLayout.AUTO ? arrange(y) : y);
        }
        return new NDList(values.get(graph.output()));
    }

    /**
     * An activation in the training layout: channels-last unless it is {@code nchw} (see {@link TrainingLayout}).
     * Free when it already lies so: the reshapes are then views of a tensor contiguous in that order.
     */
    private NDArray arrange(NDArray x) {
        if (x.getShape().dimension() != 4 || !layout.channelsLast()) {
            return x;
        }
        return toChannelsLast(x);
    }

    /**
     * The same NCHW tensor, stored channels-last (NHWC in memory). libtorch's oneDNN convolutions then work on the
     * activations as they lie, and batch norm, ReLU and add keep the layout, so a training step no longer
     * reorders every activation into oneDNN's blocked layout and back. Measured (resnet20, batch 128, 2 threads):
     * training +20 %; evaluation-mode forwards were slower that way, so only training uses it. DJL has no
     * memory-format argument: flattening the NHWC-permuted view makes torch copy it in that order, and the final
     * permute is a view with channels-last strides.
     */
    static NDArray toChannelsLast(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            return x;
        }
        return x.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    private NDArray param(ParameterStore ps, Node n, String name, NDArray like, boolean training) {
        Parameter p = byKey.get(NamedWeights.key(n, name));
        return p == null ? null : ps.getValue(p, like.getDevice(), training);
    }

    private NDArray apply(ParameterStore ps, Node n, Map<String, NDArray> values, boolean training) {
        NDArray x = values.get(n.inputs().get(0));
        Op op = n.op();
        if (op instanceof dev.shallowpi.ir.Conv2d c) {
            Padding p = c.padding();
            NDArray in = x;
            Shape pad;
            if (p.top() == p.bottom() && p.left() == p.right()) {
                pad = new Shape(p.top(), p.left());
            } else {
                // Asymmetric padding (ONNX allows it): pad explicitly, last axis first, as torch.nn.functional.pad.
                in = x.pad(new Shape(p.left(), p.right(), p.top(), p.bottom()), 0);
                pad = new Shape(0, 0);
            }
            Shape stride = new Shape(c.stride().h(), c.stride().w());
            if (training && layout.channelsLast() && StridedPointwiseGuard.reroutes(c)) {
                // only training forwards run backward, on channels-last activations; see the guard for the native
                // crash this avoids (on NCHW, oneDNN pads the channels to its block and is not affected)
                in = in.get(new NDIndex(":, :, ::{}, ::{}", c.stride().h(), c.stride().w()));
                stride = new Shape(1, 1);
            }
            NDArray[] folded = training ? null
                    : evalFold.weightAndBias(n, (node, name) -> param(ps, node, name, x, false));
            return Conv2d.conv2d(in, folded != null ? folded[0] : param(ps, n, NamedWeights.WEIGHT, x, training),
                    folded != null ? folded[1] : param(ps, n, NamedWeights.BIAS, x, training), stride, pad,
                    new Shape(c.dilation().h(), c.dilation().w()), c.groups()).singletonOrThrow();
        } else if (op instanceof dev.shallowpi.ir.BatchNorm && !training && evalFold.isFolded(n.name())) {
            return x; // the conv before it has this BN folded in
        } else if (op instanceof dev.shallowpi.ir.BatchNorm b) {
            // DJL's momentum is the weight of the old statistics (PyTorch's is that of the new batch).
            return BatchNorm.batchNorm(x, param(ps, n, NamedWeights.RUNNING_MEAN, x, training),
                    param(ps, n, NamedWeights.RUNNING_VAR, x, training), param(ps, n, NamedWeights.WEIGHT, x, training),
                    param(ps, n, NamedWeights.BIAS, x, training), 1,
                    (float) (1 - (momentumOverride != null ? momentumOverride : b.momentum())), (float) b.eps(),
                    training).singletonOrThrow();
        } else if (op instanceof Relu r) {
            NDArray y = r.capped() ? x.clip(0, r.max()) : Activation.relu(x);
            Parameter gate = gates.get(n.name());
            if (gate == null) {
                return y;
            }
            NDArray alpha = ps.getValue(gate, x.getDevice(), training);
            return y.sub(x).mul(alpha).add(x);
        } else if (op instanceof Add) {
            return x.add(values.get(n.inputs().get(1)));
        } else if (op instanceof MaxPool m) {
            return Pool.maxPool2d(x, new Shape(m.kernel().h(), m.kernel().w()), new Shape(m.stride().h(), m.stride().w()),
                    new Shape(m.padding().top(), m.padding().left()), m.ceilMode());
        } else if (op instanceof AvgPool a) {
            Shape k = new Shape(a.kernel().h(), a.kernel().w());
            Shape s = new Shape(a.stride().h(), a.stride().w());
            Shape p = new Shape(a.padding().top(), a.padding().left());
            // DJL's PyTorch avgPool2d ignores countIncludePad=false (measured: it always divides by the padded
            // window). Dividing by the same pooling of ones turns "sum / padded count" into "sum / real count".
            NDArray withPad = Pool.avgPool2d(x, k, s, p, a.ceilMode(), true);
            if (a.countIncludePad()) {
                return withPad;
            }
            NDArray ones = x.onesLike();
            return withPad.div(Pool.avgPool2d(ones, k, s, p, a.ceilMode(), true));
        } else if (op instanceof GlobalAvgPool) {
            Shape s = x.getShape();
            return Pool.globalAvgPool2d(x).reshape(s.get(0), s.get(1), 1, 1);
        } else if (op instanceof Flatten) {
            return x.reshape(x.getShape().get(0), -1);
        } else if (op instanceof dev.shallowpi.ir.Linear) {
            return Linear.linear(x, param(ps, n, NamedWeights.WEIGHT, x, training),
                    param(ps, n, NamedWeights.BIAS, x, training)).singletonOrThrow();
        } else if (op instanceof Identity) {
            return x;
        } else if (op instanceof ChannelGather g) {
            long[] idx = new long[g.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = g.channel(i);
            }
            // advanced indexing on axis 1 (torch's x[:, idx]): differentiable, the index array freed with the step
            return x.get(new NDIndex(":, {}", x.getManager().create(idx)));
        } else if (op instanceof dev.shallowpi.ir.Sigmoid) {
            return Activation.sigmoid(x);
        } else if (op instanceof dev.shallowpi.ir.HardSigmoid h) {
            return x.mul((float) h.alpha()).add((float) h.beta()).clip(0, 1);
        } else if (op instanceof dev.shallowpi.ir.Mul) {
            // NCHW broadcasting: a C x 1 x 1 factor scales each channel
            return x.mul(values.get(n.inputs().get(1)));
        } else if (op instanceof Concat) {
            NDList parts = new NDList(n.inputs().size());
            n.inputs().forEach(in -> parts.add(values.get(in)));
            return NDArrays.concat(parts, 1);
        }
        throw new IllegalStateException("no engine kernel for op " + op.kind() + " at node '" + n.name() + "'");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        int[] out = graph.outputShape().dims();
        long[] dims = new long[out.length + 1];
        dims[0] = batch;
        for (int i = 0; i < out.length; i++) {
            dims[i + 1] = out[i];
        }
        return new Shape[] {new Shape(dims)};
    }

    static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    static int[] toInt(long[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }
}
