package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Identity;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes an {@code ir.Graph} as ONNX (opset 17) for PI frameworks: one input per graph input with a symbolic batch
 * dimension {@code batch}, one node per IR node named as the node, each node's output named as the node, and
 * initializers named {@code node.weight}, {@code node.bias}, ... as in {@link NamedWeights} (PyTorch's names), and
 * {@code node.indices} (int64) for a channel gather, which is a Gather on axis 1; a concat is a Concat on axis 1.
 * The same graph always gives the same bytes. {@link #write} checks the file in ONNX Runtime before it replaces
 * anything.
 */
public final class OnnxExporter {
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17 (ONNX 1.12). */
    public static final long IR_VERSION = 8;
    public static final String BATCH = "batch";
    /** The initializer of a channel gather's indices is named {@code NODE.indices}. */
    static final String INDICES = "indices";
    /** The bounds of a capped ReLU, exported as Clip, are initializers {@code NODE.min} and {@code NODE.max}. */
    private static final String CLIP_MIN = "min";
    private static final String CLIP_MAX = "max";

    private OnnxExporter() {
    }

    /**
     * Exports, checks the result in ONNX Runtime against the graph ({@link RuntimeCheck}), and only then writes the
     * file, atomically. A model that ONNX Runtime refuses or that computes something else is an {@link OnnxError}
     * and nothing is written.
     */
    public static RuntimeCheck.Result write(Graph graph, Path file) throws IOException {
        byte[] bytes = toBytes(graph);
        RuntimeCheck.Result check = RuntimeCheck.run(bytes, graph, file.toString());
        AtomicFiles.write(file, out -> out.write(bytes));
        return check;
    }

    public static byte[] toBytes(Graph graph) {
        OnnxMl.ModelProto model = toModel(graph);
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(model.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(buf);
            out.useDeterministicSerialization();
            model.writeTo(out);
            out.flush();
            return buf.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OnnxMl.ModelProto toModel(Graph graph) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("shallowpi");
        Set<String> names = new HashSet<>();
        for (Input in : graph.inputs()) {
            claim(names, in.name());
            g.addInput(valueInfo(in.name(), in.shape()));
        }
        Map<String, Tensor> weights = NamedWeights.extract(graph);
        for (Node n : graph.nodes()) {
            claim(names, n.name());
        }
        for (Map.Entry<String, Tensor> w : weights.entrySet()) {
            claim(names, w.getKey());
            g.addInitializer(tensor(w.getKey(), w.getValue()));
        }
        for (Node n : graph.nodes()) {
            if (n.op() instanceof ChannelGather gather) {
                claim(names, key(n, INDICES));
                g.addInitializer(indices(key(n, INDICES), gather));
            } else if (n.op() instanceof Relu r && r.capped()) {
                claim(names, key(n, CLIP_MIN));
                claim(names, key(n, CLIP_MAX));
                g.addInitializer(scalar(key(n, CLIP_MIN), 0));
                g.addInitializer(scalar(key(n, CLIP_MAX), (float) r.max()));
            }
        }
        for (Node n : graph.nodes()) {
            g.addNode(node(n));
        }
        g.addOutput(valueInfo(graph.output(), graph.outputShape()));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("shallowpi")
                .setProducerVersion("0.1.0")
                .setGraph(g)
                .build();
    }

    private static void claim(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new OnnxError("cannot export: the name '" + name + "' is used twice (a node, input or weight); ONNX "
                    + "values need unique names");
        }
    }

    private static NodeProto node(Node n) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).addOutput(n.name());
        n.inputs().forEach(b::addInput);
        Op op = n.op();
        if (op instanceof Conv2d c) {
            b.setOpType("Conv");
            b.addInput(key(n, NamedWeights.WEIGHT));
            if (c.bias() != null) {
                b.addInput(key(n, NamedWeights.BIAS));
            }
            b.addAttribute(ints("dilations", c.dilation().h(), c.dilation().w()));
            b.addAttribute(integer("group", c.groups()));
            b.addAttribute(ints("kernel_shape", c.kernel().h(), c.kernel().w()));
            b.addAttribute(pads(c.padding()));
            b.addAttribute(ints("strides", c.stride().h(), c.stride().w()));
        } else if (op instanceof BatchNorm bn) {
            b.setOpType("BatchNormalization");
            for (String p : new String[] {NamedWeights.WEIGHT, NamedWeights.BIAS, NamedWeights.RUNNING_MEAN,
                    NamedWeights.RUNNING_VAR}) {
                b.addInput(key(n, p));
            }
            b.addAttribute(real("epsilon", (float) bn.eps()));
            // The graph keeps PyTorch's momentum (weight of the new batch); ONNX's weighs the running value.
            b.addAttribute(real("momentum", BigDecimal.ONE.subtract(new BigDecimal(Double.toString(bn.momentum())))
                    .floatValue()));
        } else if (op instanceof Relu r && r.capped()) {
            b.setOpType("Clip");
            b.addInput(key(n, CLIP_MIN));
            b.addInput(key(n, CLIP_MAX));
        } else if (op instanceof Relu) {
            b.setOpType("Relu");
        } else if (op instanceof Add) {
            b.setOpType("Add");
        } else if (op instanceof MaxPool m) {
            b.setOpType("MaxPool");
            b.addAttribute(integer("ceil_mode", m.ceilMode() ? 1 : 0));
            window(b, m.kernel(), m.stride(), m.padding());
        } else if (op instanceof AvgPool a) {
            b.setOpType("AveragePool");
            b.addAttribute(integer("ceil_mode", a.ceilMode() ? 1 : 0));
            b.addAttribute(integer("count_include_pad", a.countIncludePad() ? 1 : 0));
            window(b, a.kernel(), a.stride(), a.padding());
        } else if (op instanceof GlobalAvgPool) {
            b.setOpType("GlobalAveragePool");
        } else if (op instanceof Flatten) {
            b.setOpType("Flatten");
            b.addAttribute(integer("axis", 1));
        } else if (op instanceof Linear l) {
            b.setOpType("Gemm");
            b.addInput(key(n, NamedWeights.WEIGHT));
            if (l.bias() != null) {
                b.addInput(key(n, NamedWeights.BIAS));
            }
            b.addAttribute(real("alpha", 1f));
            b.addAttribute(real("beta", 1f));
            b.addAttribute(integer("transB", 1));
        } else if (op instanceof Identity) {
            b.setOpType("Identity");
        } else if (op instanceof ChannelGather) {
            b.setOpType("Gather");
            b.addInput(key(n, INDICES));
            b.addAttribute(integer("axis", 1));
        } else if (op instanceof Concat) {
            b.setOpType("Concat");
            b.addAttribute(integer("axis", 1));
        } else if (op instanceof dev.shallowpi.ir.Sigmoid) {
            b.setOpType("Sigmoid");
        } else if (op instanceof dev.shallowpi.ir.HardSigmoid h) {
            b.setOpType("HardSigmoid");
            b.addAttribute(real("alpha", (float) h.alpha()));
            b.addAttribute(real("beta", (float) h.beta()));
        } else if (op instanceof dev.shallowpi.ir.Mul) {
            b.setOpType("Mul");
        } else {
            throw new OnnxError("cannot export node '" + n.name() + "': no ONNX op for " + op.kind());
        }
        return b.build();
    }

    private static void window(NodeProto.Builder b, Hw kernel, Hw stride, Padding padding) {
        b.addAttribute(ints("kernel_shape", kernel.h(), kernel.w()));
        b.addAttribute(pads(padding));
        b.addAttribute(ints("strides", stride.h(), stride.w()));
    }

    private static String key(Node n, String param) {
        return NamedWeights.key(n, param);
    }

    /** ONNX orders pads as [top, left, bottom, right]: all the begins, then all the ends. */
    private static AttributeProto pads(Padding p) {
        return ints("pads", p.top(), p.left(), p.bottom(), p.right());
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    private static TensorProto tensor(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (int d : t.shape()) {
            b.addDims(d);
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.toFloatArray());
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** A float scalar (rank 0) initializer: a bound of Clip. */
    private static TensorProto scalar(String name, float value) {
        ByteBuffer buf = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array())).build();
    }

    /** A channel gather's indices: a 1-D int64 initializer, as ONNX's Gather takes them. */
    private static TensorProto indices(String name, ChannelGather g) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(g.size());
        ByteBuffer buf = ByteBuffer.allocate(8 * g.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < g.size(); i++) {
            buf.putLong(g.channel(i));
        }
        return b.setRawData(ByteString.copyFrom(buf.array())).build();
    }

    private static ValueInfoProto valueInfo(String name, Shape sample) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : sample.dims()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
