package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Constants and the shape arithmetic PyTorch emits for {@code x.view(x.size(0), -1)}: Shape, Gather, Unsqueeze
 * and Concat are evaluated while importing (the one unknown is the batch size), and the Reshape they feed becomes a
 * flatten. Reshapes that would do anything else are refused.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void constant(Step s) {
        s.requireInputs(0, 0);
        Attributes a = s.attributes();
        String what = "constant of node " + Names.quoted(s.node().getName());
        List<Value.Const> given = new ArrayList<>();
        TensorProto t = a.tensor("value");
        if (t != null) {
            given.add(Tensors.decode(t, what, s.graph().external(), s.graph().label()));
        }
        Float f = a.storedFloat("value_float");
        if (f != null) {
            given.add(new Value.Const(what, new long[0], new float[] {f}, null));
        }
        float[] fs = a.floats("value_floats");
        if (fs != null) {
            given.add(new Value.Const(what, new long[] {fs.length}, fs, null));
        }
        if (a.has("value_int")) {
            given.add(new Value.Const(what, new long[0], null, new long[] {a.integer("value_int", 0)}));
        }
        long[] is = a.longs("value_ints");
        if (is != null) {
            given.add(new Value.Const(what, new long[] {is.length}, null, is));
        }
        if (given.size() != 1) {
            throw s.fail("needs exactly one of value, value_float(s), value_int(s); got " + given.size());
        }
        Value.Const c = given.get(0);
        if (!c.isInt()) {
            for (float v : c.floats()) {
                if (!Float.isFinite(v)) {
                    throw s.fail("holds " + v + " (constants must be finite)");
                }
            }
        }
        s.define(c);
    }

    /** The input's shape: for an activation, the batch size followed by the sample's dimensions. */
    static void shape(Step s) {
        s.requireInputs(1, 1);
        Value v = s.input(0);
        List<Value.Dim> full = new ArrayList<>();
        if (v instanceof Value.Feature f) {
            full.add(Value.Dim.BATCH);
            for (int d : f.shape().dims()) {
                full.add(Value.Dim.of(d));
            }
        } else if (v instanceof Value.Const c) {
            for (long d : c.dims()) {
                full.add(Value.Dim.of(d));
            }
        } else {
            Value.Dims d = (Value.Dims) v;
            if (!d.scalar()) {
                full.add(Value.Dim.of(d.dims().size()));
            }
        }
        int rank = full.size();
        int start = 0;
        int end = rank;
        if (s.opset() >= 15) {
            start = clamp(s.attributes().integer("start", 0), rank);
            end = clamp(s.attributes().integer("end", rank), rank);
        }
        s.define(new Value.Dims(full.subList(start, Math.max(start, end)), false));
    }

    static void gather(Step s) {
        s.requireInputs(2, 2);
        Value.Dims data = dims(s, 0);
        if (data.scalar()) {
            throw s.fail("gathers from a scalar");
        }
        long axis = s.attributes().integer("axis", 0);
        if (axis != 0 && axis != -1) {
            throw s.fail("axis " + axis + " on a shape vector");
        }
        Value.Const indices = s.constant(1, "indices");
        if (!indices.isInt() || indices.rank() > 1) {
            throw s.fail("indices must be an integer scalar or vector");
        }
        int n = data.dims().size();
        List<Value.Dim> picked = new ArrayList<>();
        for (long i : indices.ints()) {
            if (i < -n || i >= n) {
                throw s.fail("index " + i + " is outside a shape of " + n + " entries");
            }
            picked.add(data.dims().get((int) (i < 0 ? i + n : i)));
        }
        if (picked.size() > Limits.MAX_RANK) {
            throw s.fail("gathers " + picked.size() + " entries");
        }
        s.define(new Value.Dims(picked, indices.rank() == 0));
    }

    /** Only a scalar entry made a one-element vector (axes [0]), as in {@code x.view(x.size(0), -1)}. */
    static void unsqueeze(Step s) {
        long[] axes;
        if (s.opset() < 13) {
            s.requireInputs(1, 1);
            axes = s.attributes().longs("axes");
            if (axes == null) {
                throw s.fail("axes is required");
            }
        } else {
            s.requireInputs(2, 2);
            Value.Const c = s.constant(1, "axes");
            if (!c.isInt() || c.rank() > 1) {
                throw s.fail("axes must be an integer vector");
            }
            axes = c.ints();
        }
        Value.Dims d = dims(s, 0);
        if (!d.scalar() || axes.length != 1 || (axes[0] != 0 && axes[0] != -1)) {
            throw s.fail("only a scalar made a vector (axes [0]) is supported, as PyTorch emits for x.size(0)");
        }
        s.define(new Value.Dims(d.dims(), false));
    }

    static void concat(Step s) {
        s.requireInputs(1, Limits.MAX_RANK);
        if (!s.attributes().has("axis")) {
            throw s.fail("axis is required");
        }
        long axis = s.attributes().integer("axis", 0);
        if (axis != 0 && axis != -1) {
            throw s.fail("axis " + axis + "; only shape vectors (axis 0) are concatenated");
        }
        List<Value.Dim> all = new ArrayList<>();
        for (int i = 0; i < s.inputCount(); i++) {
            Value.Dims d = dims(s, i);
            if (d.scalar()) {
                throw s.fail("input " + i + " is a scalar; Concat joins vectors");
            }
            all.addAll(d.dims());
        }
        if (all.size() > Limits.MAX_RANK) {
            throw s.fail("builds a shape of " + all.size() + " entries");
        }
        s.define(new Value.Dims(all, false));
    }

    /**
     * A reshape to [batch, everything else] is a flatten, and one that leaves the sample's shape as it is does
     * nothing; the batch entry may be the computed batch size, -1 with everything else known, or the input's fixed
     * batch size. Anything else would need a reshape op the IR does not have.
     */
    static void reshape(Step s) {
        s.requireInputs(2, 2);
        if (s.input(0) instanceof Value.ChannelGroups g) {
            ChannelOps.ungroup(s, g, known(dims(s, 1)));
            return;
        }
        Value.Feature x = s.feature(0);
        Value.Dims target = dims(s, 1);
        if (target.dims().size() == 5) {
            ChannelOps.group(s, x, known(target));
            return;
        }
        boolean allowZero = s.opset() >= 14 && s.attributes().integer("allowzero", 0, 0, 1) == 1;
        if (target.scalar() || target.dims().isEmpty()) {
            throw s.fail("target shape must be a non-empty vector");
        }
        int[] in = x.shape().dims();
        long elements = x.shape().elements();
        List<Value.Dim> t = target.dims();
        int inferAt = -1;
        long known = 1;
        long[] out = new long[t.size()];
        for (int i = 0; i < t.size(); i++) {
            Value.Dim d = t.get(i);
            if (d.batch()) {
                if (i != 0) {
                    throw s.fail("moves the batch size to position " + i);
                }
                out[i] = -2; // the batch, resolved below
                continue;
            }
            long v = d.value();
            if (v == 0 && !allowZero) {
                if (i == 0) {
                    out[i] = -2;
                    continue;
                }
                if (i > in.length) {
                    throw s.fail("copies dimension " + i + " of a rank-" + (in.length + 1) + " input");
                }
                v = in[i - 1];
            }
            if (v == -1) {
                if (inferAt >= 0) {
                    throw s.fail("has more than one -1");
                }
                inferAt = i;
                out[i] = -1;
                continue;
            }
            if (v < 1 || v > Limits.MAX_ACTIVATION_ELEMENTS) {
                throw s.fail("target dimension " + v + " is not supported");
            }
            out[i] = v;
            if (i > 0) {
                known = Math.multiplyExact(known, v);
                if (known > Limits.MAX_ACTIVATION_ELEMENTS) {
                    throw s.fail("target " + target.dims() + " is larger than the input");
                }
            }
        }
        if (out[0] > 0) {
            Long batch = s.graph().fixedBatch();
            if (batch == null || out[0] != batch) {
                throw s.fail("target " + target.dims() + " does not keep the batch dimension; only flattening "
                        + "reshapes (x.view(x.size(0), -1)) are supported");
            }
            out[0] = -2;
        }
        if (out[0] == -1) {
            inferAt = -1; // -1 in front with everything else known: it is the batch
            out[0] = -2;
        }
        if (inferAt > 0) {
            if (elements % known != 0) {
                throw s.fail("cannot reshape " + elements + " elements a sample into " + target.dims());
            }
            out[inferAt] = elements / known;
            known = elements;
        }
        if (known != elements) {
            throw s.fail("target " + target.dims() + " does not hold the " + elements + " elements of a " + x.shape()
                    + " sample");
        }
        int[] sample = new int[out.length - 1];
        for (int i = 1; i < out.length; i++) {
            sample[i - 1] = (int) out[i];
        }
        Shape result = Shape.of(sample);
        if (result.equals(x.shape())) {
            s.define(x);
        } else if (result.rank() == 1) {
            s.define(s.emit(new Flatten(), List.of(x.irName())));
        } else {
            throw s.fail("reshapes " + x.shape() + " samples to " + result + "; only flattening reshapes are "
                    + "supported");
        }
    }

    /** A target shape's entries, the batch size (or a 0 that copies it) in front as -2. */
    private static long[] known(Value.Dims target) {
        long[] out = new long[target.dims().size()];
        for (int i = 0; i < out.length; i++) {
            Value.Dim d = target.dims().get(i);
            out[i] = d.batch() || (i == 0 && d.value() == 0) ? -2 : d.value();
        }
        return out;
    }

    /**
     * Integer arithmetic on shape entries, as PyTorch emits for {@code c // g} and {@code x.chunk(2, dim=1)}: Add,
     * Sub, Mul and Div (truncating, as ONNX's integer Div) element by element, a one-entry side broadcast. The
     * batch size is unknown while importing, so arithmetic on it is refused.
     */
    static void arithmetic(Step s) {
        s.requireInputs(2, 2);
        Value.Dims a = dims(s, 0);
        Value.Dims b = dims(s, 1);
        int n = Math.max(a.dims().size(), b.dims().size());
        if (a.dims().size() != n && a.dims().size() != 1 || b.dims().size() != n && b.dims().size() != 1) {
            throw s.fail("cannot broadcast shapes of " + a.dims().size() + " and " + b.dims().size() + " entries");
        }
        List<Value.Dim> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Value.Dim x = a.dims().get(a.dims().size() == 1 ? 0 : i);
            Value.Dim y = b.dims().get(b.dims().size() == 1 ? 0 : i);
            if (x.batch() || y.batch()) {
                throw s.fail("computes with the batch size, which is known only when the model runs");
            }
            long v;
            try {
                v = switch (s.opType()) {
                    case "Add" -> Math.addExact(x.value(), y.value());
                    case "Sub" -> Math.subtractExact(x.value(), y.value());
                    case "Mul" -> Math.multiplyExact(x.value(), y.value());
                    default -> {
                        if (y.value() == 0) {
                            throw s.fail("divides by zero");
                        }
                        yield x.value() / y.value();
                    }
                };
            } catch (ArithmeticException e) {
                throw s.fail("overflows computing a shape");
            }
            out.add(Value.Dim.of(v));
        }
        s.define(new Value.Dims(out, a.scalar() && b.scalar()));
    }

    /** Cast of a shape to another integer type: the same entries. */
    static void cast(Step s) {
        s.requireInputs(1, 1);
        long to = s.attributes().integer("to", 0);
        Value v = s.input(0);
        boolean integer = to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE;
        if (!(v instanceof Value.Dims || v instanceof Value.Const c && c.isInt()) || !integer) {
            throw s.fail("only a cast of a shape to int32 or int64 is supported");
        }
        s.define(dims(s, 0));
    }

    /** A shape vector from a computed shape or an integer constant of rank 0 or 1. */
    private static Value.Dims dims(Step s, int i) {
        Value v = s.input(i);
        if (v instanceof Value.Dims d) {
            return d;
        }
        if (v instanceof Value.Const c && c.isInt() && c.rank() <= 1 && c.size() <= Limits.MAX_RANK) {
            List<Value.Dim> d = new ArrayList<>();
            for (long x : c.ints()) {
                d.add(Value.Dim.of(x));
            }
            return new Value.Dims(d, c.rank() == 0);
        }
        throw s.fail("input " + Names.quoted(s.node().getInput(i)) + " must be a shape (integers), but it is "
                + (v instanceof Value.Feature ? "an activation: " + s.opType() + " on activations is not supported"
                : "not a small integer vector"));
    }

    private static int clamp(long v, int rank) {
        long r = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, r));
    }
}
