package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;

import java.util.Map;

/**
 * A graph loaded into the engine: its block, the manager that owns the weights, and the parameter store that
 * hands them to the forward pass without copies. Close it to free the native memory.
 */
public final class EngineModel implements AutoCloseable {
    private final NDManager manager;
    private final GraphBlock block;
    private final ParameterStore store;
    private final EvalSession eval;

    private EngineModel(NDManager manager, GraphBlock block) {
        this.manager = manager;
        this.block = block;
        this.store = new ParameterStore(manager, false);
        this.eval = new EvalSession(block);
    }

    public static EngineModel of(Graph graph) {
        return load(graph, true);
    }

    /** A model whose parameters never take gradients (a distillation teacher, an evaluation). */
    public static EngineModel frozen(Graph graph) {
        return load(graph, false);
    }

    /** A trainable model whose named ReLUs carry learnable gates (see {@link GraphBlock}). */
    public static EngineModel gated(Graph graph, java.util.Set<String> relus) {
        return load(graph, true, relus);
    }

    /** A trainable model whose ReLU nodes carry the given gates: learnable channel alphas, fixed channel masks. */
    public static EngineModel gated(Graph graph, Map<String, Gate> gates) {
        return load(graph, true, gates);
    }

    /** A frozen model with gates (a masked student evaluated, or the teacher of its fine-tuning). */
    public static EngineModel frozen(Graph graph, Map<String, Gate> gates) {
        return load(graph, false, gates);
    }

    private static EngineModel load(Graph graph, boolean trainable) {
        return load(graph, trainable, Map.of());
    }

    private static EngineModel load(Graph graph, boolean trainable, java.util.Set<String> gated) {
        Map<String, Gate> gates = new java.util.LinkedHashMap<>();
        gated.forEach(r -> gates.put(r, Gate.layer()));
        return load(graph, trainable, gates);
    }

    private static EngineModel load(Graph graph, boolean trainable, Map<String, Gate> gated) {
        NDManager m = Djl.newManager();
        try {
            GraphBlock b = new GraphBlock(graph, trainable, gated);
            b.loadWeights(m, NamedWeights.extract(graph));
            return new EngineModel(m, b);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public NDManager manager() {
        return manager;
    }

    public GraphBlock block() {
        return block;
    }

    /** Everything the optimizer may update: the graph's weights, then any gates (keys {@code gate.NODE}). */
    public Map<String, Parameter> parameters() {
        if (block.gates().isEmpty()) {
            return block.parametersByKey();
        }
        Map<String, Parameter> all = new java.util.LinkedHashMap<>(block.parametersByKey());
        block.gates().forEach((relu, p) -> all.put("gate." + relu, p));
        return all;
    }

    /** Current gate values by ReLU node, for per-layer gates. */
    public Map<String, Double> gateValues() {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        block.gates().forEach((relu, p) -> out.put(relu, (double) p.getArray().getFloat()));
        return out;
    }

    /** Current gate values by ReLU node, one per channel for per-channel gates. */
    public Map<String, float[]> gateArrays() {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        block.gates().forEach((relu, p) -> out.put(relu, p.getArray().toFloatArray()));
        return out;
    }

    /**
     * Projects every gate's alphas into {@code [lo, hi]}, in place (the optimizer's arrays stay the parameters'
     * own). Mask training calls it after each step so that an alpha stays a blend of ReLU and identity. Not with
     * {@code NDArray.clip}: DJL's PyTorch engine makes its two bounds as arrays of the parameter's manager and never
     * closes them, which held this model's memory (and fragmented the native heap) for as long as it lived: peak
     * RSS 8.5-10.6 GB for a compare, against 2.5 GB.
     */
    public void clampGates(double lo, double hi) {
        block.gates().forEach((relu, p) -> {
            NDArray a = p.getArray();
            ai.djl.ndarray.NDManager owner = a.getManager();
            try (NDArray low = owner.create((float) lo); NDArray high = owner.create((float) hi);
                 NDArray floor = a.maximum(low); NDArray clipped = floor.minimum(high);
                 NDArray excess = a.sub(clipped)) {
                a.subi(excess);
            }
        });
    }

    /**
     * Forward pass; the result lives in the manager of {@code x}. Evaluation-mode forwards run in the runtime of
     * {@link EvalRuntime} when there is one that takes this model, checked against the engine ({@link EvalSession}).
     */
    public NDArray forward(NDArray x, boolean training) {
        CoreShare.tick();
        if (!training) {
            NDArray y = eval.forward(x, this::engineForward);
            if (y != null) {
                return y;
            }
        }
        return block.forward(store, new NDList(x), training).head();
    }

    /**
     * A forward in the engine that returns the output and then the values of the nodes the block taps
     * ({@link GraphBlock#tap}); the arrays live in the manager of {@code x}.
     */
    public NDList forwardAll(NDArray x, boolean training) {
        CoreShare.tick();
        return block.forward(store, new NDList(x), training);
    }

    /**
     * Pins this model's evaluation forwards to the engine, for comparisons with a model that can only run there (one
     * with gates): both then round alike, and a difference measures the models, not the runtimes.
     */
    public EngineModel inEngineOnly() {
        eval.engineOnly();
        return this;
    }

    /** What ran the last evaluation-mode forward: another runtime's name and version, or the engine's. */
    public String evaluatedBy() {
        InferenceRuntime r = eval.lastRunBy();
        return r == null ? Djl.describe() : r.describe();
    }

    /** An evaluation-mode forward in the engine itself, whatever {@link EvalRuntime} says. */
    private NDArray engineForward(NDArray x) {
        return block.forward(store, new NDList(x), false).head();
    }

    /** Evaluation-mode outputs for a batch of {@code n} samples given as flat floats. */
    public float[] predict(float[] input, int n) {
        int[] sample = block.graph().inputs().get(0).shape().dims();
        long[] dims = new long[sample.length + 1];
        dims[0] = n;
        for (int i = 0; i < sample.length; i++) {
            dims[i + 1] = sample[i];
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, new Shape(dims));
            return forward(x, false).toFloatArray();
        }
    }

    /** The graph with the engine's current weights. */
    public Graph toGraph() {
        return block.toGraph();
    }

    @Override
    public void close() {
        eval.close();
        manager.close();
    }
}
