package dev.shallowpi.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A graph's structure as JSON (ops and their attributes; weights by name, stored apart in a
 * {@link TensorArchive}). Readable by people, so a checkpoint can be inspected with any JSON tool.
 */
public final class GraphCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GraphCodec() {
    }

    public static ObjectNode toJson(Graph g) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode inputs = root.putArray("inputs");
        for (Input in : g.inputs()) {
            inputs.addObject().put("name", in.name()).put("shape", in.shape().toString());
        }
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : g.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("name", n.name());
            o.put("op", n.op().kind());
            ArrayNode ins = o.putArray("inputs");
            n.inputs().forEach(ins::add);
            attributes(n.op(), o);
        }
        root.put("output", g.output());
        return root;
    }

    private static void attributes(Op op, ObjectNode o) {
        if (op instanceof Conv2d c) {
            o.set("weightShape", ints(c.weight().shape()));
            o.put("bias", c.bias() != null);
            o.set("stride", hw(c.stride()));
            o.set("padding", pad(c.padding()));
            o.set("dilation", hw(c.dilation()));
            o.put("groups", c.groups());
        } else if (op instanceof BatchNorm b) {
            o.put("channels", b.channels());
            o.put("eps", b.eps());
            o.put("momentum", b.momentum());
        } else if (op instanceof Linear l) {
            o.set("weightShape", ints(l.weight().shape()));
            o.put("bias", l.bias() != null);
        } else if (op instanceof MaxPool m) {
            o.set("kernel", hw(m.kernel()));
            o.set("stride", hw(m.stride()));
            o.set("padding", pad(m.padding()));
            o.put("ceilMode", m.ceilMode());
        } else if (op instanceof AvgPool a) {
            o.set("kernel", hw(a.kernel()));
            o.set("stride", hw(a.stride()));
            o.set("padding", pad(a.padding()));
            o.put("ceilMode", a.ceilMode());
            o.put("countIncludePad", a.countIncludePad());
        } else if (op instanceof ChannelGather g) {
            o.set("channels", ints(g.channels()));
        } else if (op instanceof Relu r && r.capped()) {
            o.put("max", r.max());
        } else if (op instanceof dev.shallowpi.ir.HardSigmoid h) {
            o.put("alpha", h.alpha());
            o.put("beta", h.beta());
        }
    }

    /** Rebuilds the graph from its JSON and its weights; {@code source} names the file in errors. */
    public static Graph fromJson(JsonNode root, Map<String, Tensor> weights, String source) {
        try {
            List<Input> inputs = new ArrayList<>();
            for (JsonNode in : required(root, "inputs")) {
                inputs.add(new Input(required(in, "name").asText(), Shape.parse(required(in, "shape").asText())));
            }
            List<Node> nodes = new ArrayList<>();
            for (JsonNode n : required(root, "nodes")) {
                String name = required(n, "name").asText();
                List<String> ins = new ArrayList<>();
                required(n, "inputs").forEach(i -> ins.add(i.asText()));
                nodes.add(new Node(name, op(n, name, weights, ins.size()), ins));
            }
            return new Graph(inputs, nodes, required(root, "output").asText());
        } catch (CheckpointError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CheckpointError(source + ": " + e.getMessage(), e);
        }
    }

    private static Op op(JsonNode n, String name, Map<String, Tensor> w, int inputs) {
        String kind = required(n, "op").asText();
        switch (kind) {
            case "conv":
                return new Conv2d(weight(w, name, NamedWeights.WEIGHT), n.path("bias").asBoolean()
                        ? weight(w, name, NamedWeights.BIAS) : null, hw(required(n, "stride")),
                        pad(required(n, "padding")), hw(required(n, "dilation")), required(n, "groups").asInt());
            case "bn":
                return new BatchNorm(weight(w, name, NamedWeights.WEIGHT), weight(w, name, NamedWeights.BIAS),
                        weight(w, name, NamedWeights.RUNNING_MEAN), weight(w, name, NamedWeights.RUNNING_VAR),
                        required(n, "eps").asDouble(), required(n, "momentum").asDouble());
            case "linear":
                return new Linear(weight(w, name, NamedWeights.WEIGHT), n.path("bias").asBoolean()
                        ? weight(w, name, NamedWeights.BIAS) : null);
            case "maxpool":
                return new MaxPool(hw(required(n, "kernel")), hw(required(n, "stride")), pad(required(n, "padding")),
                        required(n, "ceilMode").asBoolean());
            case "avgpool":
                return new AvgPool(hw(required(n, "kernel")), hw(required(n, "stride")), pad(required(n, "padding")),
                        required(n, "ceilMode").asBoolean(), required(n, "countIncludePad").asBoolean());
            case "relu":
                // a capped ReLU (ReLU6) stores its cap; a plain one stores nothing, as before caps existed
                return n.has("max") ? new Relu(required(n, "max").asDouble()) : new Relu();
            case "add":
                return new Add();
            case "sigmoid":
                return new dev.shallowpi.ir.Sigmoid();
            case "hardsigmoid":
                return new dev.shallowpi.ir.HardSigmoid(required(n, "alpha").asDouble(), required(n, "beta").asDouble());
            case "mul":
                return new dev.shallowpi.ir.Mul();
            case "gap":
                return new GlobalAvgPool();
            case "flatten":
                return new Flatten();
            case "identity":
                return new Identity();
            case "gather":
                return new ChannelGather(intArray(required(n, "channels")));
            case "concat":
                // the number of parts is the number of inputs: stored once
                return new Concat(inputs);
            default:
                throw new CheckpointError("node '" + name + "': unknown op '" + kind + "'");
        }
    }

    private static Tensor weight(Map<String, Tensor> w, String node, String param) {
        Tensor t = w.get(node + "." + param);
        if (t == null) {
            throw new CheckpointError("node '" + node + "': weight '" + node + "." + param + "' is missing");
        }
        return t;
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new CheckpointError("missing field '" + field + "' in " + abbreviate(n));
        }
        return v;
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static ArrayNode ints(int[] v) {
        ArrayNode a = JSON.createArrayNode();
        for (int x : v) {
            a.add(x);
        }
        return a;
    }

    private static ArrayNode hw(Hw v) {
        return ints(new int[] {v.h(), v.w()});
    }

    private static ArrayNode pad(Padding p) {
        return ints(new int[] {p.top(), p.left(), p.bottom(), p.right()});
    }

    private static int[] intArray(JsonNode a) {
        if (!a.isArray()) {
            throw new CheckpointError("expected an array of integers, got " + abbreviate(a));
        }
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            if (!a.get(i).canConvertToInt()) {
                throw new CheckpointError("expected an array of integers, got " + abbreviate(a));
            }
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static Hw hw(JsonNode a) {
        return new Hw(a.get(0).asInt(), a.get(1).asInt());
    }

    private static Padding pad(JsonNode a) {
        return new Padding(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt(), a.get(3).asInt());
    }
}
