package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Shape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one ONNX graph into an {@code ir.Graph}: checks the input and output, orders the nodes
 * ({@link NodeOrder}), converts each node ({@link LayerOps}, {@link ShapeOps}), infers and bounds every shape as it
 * goes, and keeps only the nodes the output depends on.
 */
final class GraphTranslator {
    private final String label;
    private final int opset;
    private final ExternalData external;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, Integer> readers = new HashMap<>();
    private final Names names = new Names();
    private final LinkedHashMap<String, Node> irNodes = new LinkedHashMap<>();
    private final Map<String, Shape> irShapes = new HashMap<>();
    /** ONNX outputs of linear layers without a bias (MatMul, Gemm without C), by value name: their IR node. */
    private final Map<String, String> biasFreeLinear = new HashMap<>();
    private Long fixedBatch;

    GraphTranslator(String label, int opset, ExternalData external) {
        this.label = label;
        this.opset = opset;
        this.external = external;
    }

    String label() {
        return label;
    }

    int opset() {
        return opset;
    }

    ExternalData external() {
        return external;
    }

    /** The batch size the input declares, when it declares a number rather than a symbol; else null. */
    Long fixedBatch() {
        return fixedBatch;
    }

    Graph translate(GraphProto g) {
        if (g.getSparseInitializerCount() > 0) {
            throw new OnnxError(label + ": sparse initializers are not supported");
        }
        for (TensorProto t : g.getInitializerList()) {
            if (initializers.put(t.getName(), t) != null) {
                throw new OnnxError(label + ": initializer " + Names.quoted(t.getName()) + " is given twice");
            }
        }
        Input input = input(g);
        if (g.getOutputCount() != 1) {
            throw new OnnxError(label + ": the graph has " + g.getOutputCount() + " outputs; shallowpi takes models "
                    + "with one output");
        }
        String output = g.getOutput(0).getName();
        Set<String> defined = new HashSet<>(initializers.keySet());
        defined.add(input.name());
        List<Integer> order = NodeOrder.sort(g.getNodeList(), defined, label);
        if (!defined.contains(output) && g.getNodeList().stream().noneMatch(n -> n.getOutputList().contains(output))) {
            throw new OnnxError(label + ": graph output " + Names.quoted(output) + " is not produced by any node");
        }
        for (int i : order) {
            for (String in : g.getNode(i).getInputList()) {
                if (!in.isEmpty()) {
                    readers.merge(in, 1, Integer::sum);
                }
            }
        }
        readers.merge(output, 1, Integer::sum);
        for (int i : order) {
            convert(new Step(this, g.getNode(i), i));
        }
        Value out = value(output);
        if (!(out instanceof Value.Feature f)) {
            throw new OnnxError(label + ": graph output " + Names.quoted(output) + " is a constant or a shape, not "
                    + "computed from the input");
        }
        try {
            return new Graph(List.of(input), reachable(f.irName()), f.irName());
        } catch (IllegalArgumentException e) {
            throw new OnnxError(label + ": " + e.getMessage(), e);
        }
    }

    private void convert(Step step) {
        NodeProto n = step.node();
        String domain = n.getDomain();
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            throw step.fail("op of domain " + Names.quoted(domain) + " is not supported; supported: "
                    + SupportedOps.LIST + " (default domain)");
        }
        if (n.getOutputCount() < 1 || n.getOutput(0).isEmpty()) {
            throw step.fail("has no output");
        }
        if (!SupportedOps.convert(step)) {
            throw step.fail("op type " + Names.quoted(n.getOpType()) + " is not supported; supported: "
                    + SupportedOps.LIST);
        }
        step.attributes().requireAllRead();
        for (int i = 1; i < n.getOutputCount() && !n.getOpType().equals("Split"); i++) {
            String extra = n.getOutput(i);
            if (!extra.isEmpty() && readers.containsKey(extra)) {
                throw step.fail("output " + i + " (" + Names.quoted(extra) + ") is read, but only the first output "
                        + "of " + n.getOpType() + " is supported (training-mode statistics, pooling indices and "
                        + "dropout masks are not)");
            }
        }
    }

    /** The one graph input that is not an initializer (exporters before IR 4 list weights as inputs too). */
    private Input input(GraphProto g) {
        List<ValueInfoProto> real = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            if (!initializers.containsKey(vi.getName())) {
                real.add(vi);
            }
        }
        if (real.size() != 1) {
            List<String> shown = new ArrayList<>();
            real.stream().limit(5).forEach(vi -> shown.add(Names.quoted(vi.getName())));
            throw new OnnxError(label + ": the graph has " + real.size() + " inputs besides its initializers "
                    + shown + "; shallowpi takes models with one image input");
        }
        ValueInfoProto vi = real.get(0);
        String name = vi.getName();
        if (name.isBlank() || !Names.printable(name).equals(name)) {
            throw new OnnxError(label + ": graph input " + Names.quoted(name) + " needs a plain, non-blank name");
        }
        TypeProto type = vi.getType();
        if (!type.hasTensorType() || type.getTensorType().getElemType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new OnnxError(label + ": graph input " + Names.quoted(name) + " must be a float32 tensor");
        }
        if (!type.getTensorType().hasShape()) {
            throw new OnnxError(label + ": graph input " + Names.quoted(name) + " declares no shape; export with a "
                    + "fixed sample shape (NCHW)");
        }
        TensorShapeProto shape = type.getTensorType().getShape();
        int rank = shape.getDimCount();
        if (rank < 2 || rank > 4) {
            throw new OnnxError(label + ": graph input " + Names.quoted(name) + " has rank " + rank
                    + "; expected a batch of images (NCHW) or of vectors (NF)");
        }
        TensorShapeProto.Dimension batch = shape.getDim(0);
        if (batch.hasDimValue() && batch.getDimValue() > 0) {
            fixedBatch = batch.getDimValue();
        }
        int[] sample = new int[rank - 1];
        for (int i = 1; i < rank; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            long max = i == 1 ? Limits.MAX_CHANNELS : Limits.MAX_SPATIAL;
            if (!d.hasDimValue() || d.getDimValue() < 1 || d.getDimValue() > max) {
                throw new OnnxError(label + ": graph input " + Names.quoted(name) + " dimension " + i + " must be a "
                        + "number in [1, " + max + "], got " + (d.hasDimParam() ? Names.quoted(d.getDimParam())
                        : d.hasDimValue() ? String.valueOf(d.getDimValue()) : "nothing")
                        + "; only the batch dimension may be symbolic");
            }
            sample[i - 1] = (int) d.getDimValue();
        }
        Shape s = Shape.of(sample);
        if (s.elements() > Limits.MAX_ACTIVATION_ELEMENTS) {
            throw new OnnxError(label + ": graph input " + Names.quoted(name) + " of " + s + " is too large");
        }
        names.reserve(name);
        irShapes.put(name, s);
        values.put(name, new Value.Feature(name, s));
        return new Input(name, s);
    }

    /** The value an ONNX name stands for; initializers are decoded on first use. */
    Value value(String onnxName) {
        Value v = values.get(onnxName);
        if (v != null) {
            return v;
        }
        TensorProto t = initializers.get(onnxName);
        if (t == null) {
            // NodeOrder checked every read; only a node that failed to define its output gets here.
            throw new OnnxError(label + ": value " + Names.quoted(onnxName) + " is not defined");
        }
        Value.Const c = Tensors.decode(t, "initializer " + Names.quoted(onnxName), external, label);
        values.put(onnxName, c);
        return c;
    }

    void define(String onnxName, Value v) {
        values.put(onnxName, v);
    }

    int readers(String onnxName) {
        return readers.getOrDefault(onnxName, 0);
    }

    Value.Feature emit(Step step, String wanted, String fallback, Op op, List<String> irInputs) {
        List<Shape> in = new ArrayList<>(irInputs.size());
        for (String s : irInputs) {
            in.add(irShapes.get(s));
        }
        Shape out;
        try {
            out = op.outputShape(in);
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
            throw step.fail(ModelFile.oneLine(e.getMessage()));
        }
        if (out.elements() > Limits.MAX_ACTIVATION_ELEMENTS) {
            throw step.fail("output of " + out + " per sample is larger than " + Limits.MAX_ACTIVATION_ELEMENTS
                    + " elements");
        }
        String name = names.claim(wanted, fallback);
        Node node;
        try {
            node = new Node(name, op, irInputs);
        } catch (IllegalArgumentException e) {
            throw step.fail(ModelFile.oneLine(e.getMessage()));
        }
        irNodes.put(name, node);
        irShapes.put(name, out);
        return new Value.Feature(name, out);
    }

    void markBiasFreeLinear(String onnxOutput, String irName) {
        biasFreeLinear.put(onnxOutput, irName);
    }

    /** The bias-free linear layer whose ONNX output has this name, or null: where an Add's bias may fold. */
    Node biasFreeLinear(String onnxOutput) {
        String ir = biasFreeLinear.get(onnxOutput);
        return ir == null ? null : irNodes.get(ir);
    }

    /** Replaces an IR node's op by one with the same output shape. */
    void replaceOp(String irName, Op op) {
        irNodes.put(irName, irNodes.get(irName).withOp(op));
    }

    /** The IR nodes the output depends on, in order: dead branches (shape arithmetic) are dropped. */
    private List<Node> reachable(String output) {
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(output);
        while (!todo.isEmpty()) {
            String v = todo.poll();
            Node n = irNodes.get(v);
            if (n != null && needed.add(v)) {
                todo.addAll(n.inputs());
            }
        }
        List<Node> kept = new ArrayList<>(needed.size());
        for (Node n : irNodes.values()) {
            if (needed.contains(n.name())) {
                kept.add(n);
            }
        }
        return kept;
    }
}
