package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Typed access to a node's attributes. Every attribute must be read by the op that converts the node
 * ({@link #requireAllRead()}): one it does not know could change the meaning (an {@code auto_pad}, a
 * {@code transA}), so it is refused rather than ignored.
 */
final class Attributes {
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();
    private final Set<String> read = new HashSet<>();
    private final Function<String, OnnxError> fail;

    Attributes(NodeProto node, Function<String, OnnxError> fail) {
        this.fail = fail;
        if (node.getAttributeCount() > Limits.MAX_NODES) {
            throw fail.apply("has " + node.getAttributeCount() + " attributes");
        }
        for (AttributeProto a : node.getAttributeList()) {
            if (!a.getRefAttrName().isEmpty()) {
                throw fail.apply("attribute " + Names.quoted(a.getName()) + " refers to a function attribute, "
                        + "which is not supported");
            }
            if (byName.put(a.getName(), a) != null) {
                throw fail.apply("attribute " + Names.quoted(a.getName()) + " is given twice");
            }
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    long integer(String name, long fallback) {
        AttributeProto a = take(name, AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    /** An int attribute that must lie in {@code [min, max]}. */
    int integer(String name, long fallback, long min, long max) {
        long v = integer(name, fallback);
        if (v < min || v > max) {
            throw fail.apply("attribute " + name + " = " + v + " is outside [" + min + ", " + max + "]");
        }
        return (int) v;
    }

    /**
     * A float attribute, read as the shortest decimal that prints the stored float: exporters write Python or Java
     * doubles such as 1e-5 or 0.9 as floats, and this gives those values back exactly.
     */
    double real(String name, double fallback) {
        AttributeProto a = take(name, AttributeType.FLOAT);
        if (a == null) {
            return fallback;
        }
        float f = a.getF();
        if (!Float.isFinite(f)) {
            throw fail.apply("attribute " + name + " is " + f);
        }
        return Double.parseDouble(Float.toString(f));
    }

    /** A float attribute exactly as stored (a constant's value), or null when absent. */
    Float storedFloat(String name) {
        AttributeProto a = take(name, AttributeType.FLOAT);
        return a == null ? null : a.getF();
    }

    /** An ints attribute of exactly {@code count} values in {@code [min, max]}, or the fallback when absent. */
    int[] ints(String name, int count, long min, long max, int[] fallback) {
        AttributeProto a = take(name, AttributeType.INTS);
        if (a == null) {
            return fallback;
        }
        if (a.getIntsCount() != count) {
            throw fail.apply("attribute " + name + " has " + a.getIntsCount() + " values, expected " + count
                    + " (only 2-D images are supported)");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            long v = a.getInts(i);
            if (v < min || v > max) {
                throw fail.apply("attribute " + name + " value " + v + " is outside [" + min + ", " + max + "]");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** An ints attribute of any length up to {@link Limits#MAX_RANK}, or null when absent. */
    long[] longs(String name) {
        AttributeProto a = takeList(name, AttributeType.INTS, AttributeProto::getIntsCount, Limits.MAX_RANK);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    String string(String name, String fallback) {
        AttributeProto a = take(name, AttributeType.STRING);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    TensorProto tensor(String name) {
        AttributeProto a = take(name, AttributeType.TENSOR);
        return a == null ? null : a.getT();
    }

    float[] floats(String name) {
        AttributeProto a = takeList(name, AttributeType.FLOATS, AttributeProto::getFloatsCount, Limits.MAX_NODES);
        if (a == null) {
            return null;
        }
        float[] out = new float[a.getFloatsCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getFloats(i);
        }
        return out;
    }

    /** Refuses any attribute the converter did not read, naming it. */
    void requireAllRead() {
        for (String name : byName.keySet()) {
            if (!read.contains(name)) {
                throw fail.apply("attribute " + Names.quoted(name) + " is not supported on this op");
            }
        }
    }

    /** As {@link #take}, for a list attribute of at most {@code max} values ({@code count} says how many). */
    private AttributeProto takeList(String name, AttributeType type, ToIntFunction<AttributeProto> count, int max) {
        AttributeProto a = take(name, type);
        if (a != null && count.applyAsInt(a) > max) {
            throw fail.apply("attribute " + name + " has " + count.applyAsInt(a) + " values");
        }
        return a;
    }

    private AttributeProto take(String name, AttributeType type) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        read.add(name);
        if (a.getType() != type) {
            throw fail.apply("attribute " + name + " has type " + a.getType() + ", expected " + type);
        }
        return a;
    }
}
