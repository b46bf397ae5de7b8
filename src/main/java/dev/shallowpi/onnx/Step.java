package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import dev.shallowpi.ir.Op;

import java.util.List;

/**
 * One ONNX node being converted: its inputs as {@link Value}s, its attributes, and the ways to define its output
 * (an IR node, an alias of another value, a constant or a shape). Every error it raises names the file and the node.
 */
final class Step {
    private final GraphTranslator graph;
    private final NodeProto node;
    private final int index;
    private final Attributes attributes;

    Step(GraphTranslator graph, NodeProto node, int index) {
        this.graph = graph;
        this.node = node;
        this.index = index;
        this.attributes = new Attributes(node, this::fail);
    }

    NodeProto node() {
        return node;
    }

    String opType() {
        return node.getOpType();
    }

    int opset() {
        return graph.opset();
    }

    Attributes attributes() {
        return attributes;
    }

    OnnxError fail(String message) {
        return new OnnxError(graph.label() + ": node " + NodeOrder.describe(node, index) + ": " + message);
    }

    /** Number of inputs given, optional ones left empty included. */
    int inputCount() {
        return node.getInputCount();
    }

    void requireInputs(int min, int max) {
        int n = node.getInputCount();
        if (n < min || n > max) {
            throw fail("takes " + (min == max ? String.valueOf(min) : min + " to " + max) + " inputs, got " + n);
        }
        for (int i = 0; i < min; i++) {
            if (node.getInput(i).isEmpty()) {
                throw fail("input " + i + " is required but empty");
            }
        }
    }

    boolean hasInput(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    Value input(int i) {
        if (!hasInput(i)) {
            throw fail("input " + i + " is missing");
        }
        return graph.value(node.getInput(i));
    }

    /** An activation input: the model's data, not a constant or a computed shape. */
    Value.Feature feature(int i) {
        Value v = input(i);
        if (v instanceof Value.Feature f) {
            return f;
        }
        throw fail("input " + Names.quoted(node.getInput(i)) + " must be an activation of the model, but it is "
                + (v instanceof Value.Const ? "a constant" : v instanceof Value.Padded
                ? "a zero-padded activation (a Pad), which only a Conv or an AveragePool may read"
                : "a shape computed from activations"));
    }

    /** A constant input (an initializer or the output of a Constant node). */
    Value.Const constant(int i, String role) {
        Value v = input(i);
        if (v instanceof Value.Const c) {
            return c;
        }
        throw fail(role + " " + Names.quoted(node.getInput(i)) + " must be an initializer or a constant, but it is "
                + (v instanceof Value.Feature ? "computed from the model's input" : "a computed shape"));
    }

    /** A float constant of the given rank: a weight. */
    Value.Const weight(int i, String role, int rank) {
        Value.Const c = constant(i, role);
        if (c.isInt()) {
            throw fail(role + " " + Names.quoted(node.getInput(i)) + " holds integers, weights must be float");
        }
        if (c.rank() != rank) {
            throw fail(role + " " + Names.quoted(node.getInput(i)) + " has rank " + c.rank() + ", expected " + rank
                    + (role.equals("weight") && rank == 4 ? " (only 2-D convolutions are supported)" : ""));
        }
        return c;
    }

    /** How many node inputs and graph outputs read the named ONNX value. */
    int readers(String onnxValue) {
        return graph.readers(onnxValue);
    }

    /** Defines output 0 as a new IR node named after this ONNX node. */
    Value.Feature emit(Op op, List<String> irInputs) {
        return emitNamed(node.getName(), op, irInputs);
    }

    /** As {@link #emit}, for ops that become several IR nodes: each gets its own name. */
    Value.Feature emitNamed(String wanted, Op op, List<String> irInputs) {
        return graph.emit(this, wanted, opType() + "_" + index, op, irInputs);
    }

    /** Defines output 0. */
    void define(Value v) {
        define(0, v);
    }

    /** Defines output {@code i} (Split's outputs after the first). */
    void define(int i, Value v) {
        graph.define(node.getOutput(i), v);
    }

    GraphTranslator graph() {
        return graph;
    }
}
