package dev.shallowpi.onnx;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.HardSigmoid;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.Mul;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Sigmoid;
import dev.shallowpi.ir.Tensor;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/** The ONNX ops that become layers of the model: convolutions, normalisation, activations, pooling, linear maps. */
final class LayerOps {
    private static final int[] ONES = {1, 1};

    private LayerOps() {
    }

    static void conv(Step s) {
        s.requireInputs(2, 3);
        Windowed in = Windowed.read(s);
        Value.Feature x = in.x();
        Tensor weight = s.weight(1, "weight", 4).tensor();
        Tensor bias = s.hasInput(2) ? s.weight(2, "bias", 1).tensor() : null;
        Attributes a = s.attributes();
        int kh = weight.dim(2);
        int kw = weight.dim(3);
        if (kh < 1 || kw < 1 || kh > Limits.MAX_SPATIAL || kw > Limits.MAX_SPATIAL || weight.dim(0) < 1
                || weight.dim(0) > Limits.MAX_CHANNELS) {
            throw s.fail("weight of shape " + java.util.Arrays.toString(weight.shape()) + " is not a usable kernel");
        }
        int[] kernel = a.ints("kernel_shape", 2, 1, Limits.MAX_SPATIAL, null);
        if (kernel != null && (kernel[0] != kh || kernel[1] != kw)) {
            throw s.fail("kernel_shape " + kernel[0] + "x" + kernel[1] + " does not match the weight's " + kh + "x"
                    + kw);
        }
        int[] strides = a.ints("strides", 2, 1, Limits.MAX_SPATIAL, ONES);
        int[] dilations = a.ints("dilations", 2, 1, Limits.MAX_SPATIAL, ONES);
        int group = a.integer("group", 1, 1, Limits.MAX_CHANNELS);
        var padding = in.extra().plus(Pads.read(s, in.paddedShape(), new int[] {kh, kw}, strides, dilations));
        Op op = build(s, () -> new Conv2d(weight, bias, new Hw(strides[0], strides[1]), padding,
                new Hw(dilations[0], dilations[1]), group));
        s.define(s.emit(op, List.of(x.irName())));
    }

    static void batchNorm(Step s) {
        s.requireInputs(5, 5);
        Value.Feature x = s.feature(0);
        Tensor scale = s.weight(1, "scale", 1).tensor();
        Tensor shift = s.weight(2, "bias", 1).tensor();
        Tensor mean = s.weight(3, "mean", 1).tensor();
        Tensor var = s.weight(4, "variance", 1).tensor();
        Attributes a = s.attributes();
        double eps = a.real("epsilon", 1e-5);
        double momentum = a.real("momentum", 0.9);
        if (s.opset() >= 14 && a.integer("training_mode", 0, 0, 1) == 1) {
            throw s.fail("training_mode=1: export the model in eval mode (model.eval(), or TrainingMode.EVAL or "
                    + "PRESERVE)");
        }
        if (momentum < 0 || momentum > 1) {
            throw s.fail("momentum " + momentum + " is outside [0, 1]");
        }
        // ONNX's momentum weighs the running statistic, PyTorch's (kept in the graph) the new batch. Decimal
        // arithmetic gives 0.9 -> 0.1 exactly, so a model that goes out and comes back is unchanged.
        double torchMomentum = BigDecimal.ONE.subtract(new BigDecimal(Double.toString(momentum))).doubleValue();
        Op op = build(s, () -> new BatchNorm(scale, shift, mean, var, eps, torchMomentum));
        s.define(s.emit(op, List.of(x.irName())));
    }

    static void relu(Step s) {
        s.requireInputs(1, 1);
        unary(s, new Relu());
    }

    /**
     * {@code Clip(x, 0, max)}: a ReLU capped at {@code max} (ReLU6 is {@code Clip(0, 6)}, as PyTorch exports it).
     * The bounds are attributes before opset 11 and optional scalar inputs from it on; a clip whose lower bound is
     * not 0 is not a ReLU and is refused.
     */
    static void clip(Step s) {
        s.requireInputs(1, 3);
        double min;
        double max;
        if (s.opset() < 11) {
            min = s.attributes().real("min", Double.NEGATIVE_INFINITY);
            max = s.attributes().real("max", Double.POSITIVE_INFINITY);
        } else {
            min = s.hasInput(1) ? scalar(s, 1, "min") : Double.NEGATIVE_INFINITY;
            max = s.hasInput(2) ? scalar(s, 2, "max") : Double.POSITIVE_INFINITY;
        }
        if (min != 0 || !(max > 0)) {
            throw s.fail("only Clip(0, max) with max > 0 is supported (a ReLU, or ReLU6 with max 6), got min " + min
                    + ", max " + max);
        }
        unary(s, new Relu(max));
    }

    static void sigmoid(Step s) {
        s.requireInputs(1, 1);
        unary(s, new Sigmoid());
    }

    /** ONNX HardSigmoid: {@code max(0, min(1, alpha * x + beta))}, alpha 0.2 and beta 0.5 unless given. */
    static void hardSigmoid(Step s) {
        s.requireInputs(1, 1);
        double alpha = s.attributes().real("alpha", 0.2);
        double beta = s.attributes().real("beta", 0.5);
        unary(s, build(s, () -> new HardSigmoid(alpha, beta)));
    }

    /** ONNX HardSwish (opset 14): {@code x * hardsigmoid(x)} with PyTorch's slope, as two IR nodes. */
    static void hardSwish(Step s) {
        s.requireInputs(1, 1);
        Value.Feature x = s.feature(0);
        Value.Feature gate = s.emitNamed(s.node().getName() + "/gate", HardSigmoid.PYTORCH, List.of(x.irName()));
        s.define(s.emit(new Mul(), List.of(x.irName(), gate.irName())));
    }

    /**
     * The product of two activations (SiLU's and hard-swish's {@code x * gate}, squeeze-excitation's scaling): the
     * per-channel factor, if one is C x 1 x 1, second.
     */
    static void mul(Step s) {
        s.requireInputs(2, 2);
        if (!(s.input(0) instanceof Value.Feature) || !(s.input(1) instanceof Value.Feature)) {
            throw s.fail("multiplies an activation by a constant; only the product of two activations is supported");
        }
        Value.Feature a = s.feature(0);
        Value.Feature b = s.feature(1);
        boolean swap = a.shape().rank() == 3 && a.shape().height() == 1 && a.shape().width() == 1
                && !b.shape().equals(a.shape());
        Value.Feature first = swap ? b : a;
        Value.Feature second = swap ? a : b;
        Op op = new Mul();
        try {
            op.outputShape(List.of(first.shape(), second.shape()));
        } catch (IllegalArgumentException e) {
            throw s.fail(e.getMessage());
        }
        s.define(s.emit(op, List.of(first.irName(), second.irName())));
    }

    /** A constant input that holds one number (a bound of Clip, the value of Pad). */
    static double scalar(Step s, int i, String role) {
        Value.Const c = s.constant(i, role);
        if (c.size() != 1) {
            throw s.fail(role + " must be one number, got " + c.size());
        }
        return c.isInt() ? c.ints()[0] : c.floats()[0];
    }

    /**
     * Two activations: a residual join. An activation plus a constant: only the bias that follows a MatMul (or a
     * Gemm without one), which is folded into that linear layer when nothing else reads its output.
     */
    static void add(Step s) {
        s.requireInputs(2, 2);
        Value a = s.input(0);
        Value b = s.input(1);
        if (a instanceof Value.Feature fa && b instanceof Value.Feature fb) {
            s.define(s.emit(new Add(), List.of(fa.irName(), fb.irName())));
            return;
        }
        int featureAt = a instanceof Value.Feature ? 0 : b instanceof Value.Feature ? 1 : -1;
        if (featureAt < 0 || !(s.input(1 - featureAt) instanceof Value.Const c) || c.isInt()) {
            throw s.fail("adds two constants or a computed shape; only activations (a residual join) or a "
                    + "MatMul's bias are supported");
        }
        Value.Feature f = (Value.Feature) s.input(featureAt);
        String from = s.node().getInput(featureAt);
        Node producer = s.graph().biasFreeLinear(from);
        if (producer == null || s.readers(from) != 1) {
            throw s.fail("adds a constant to an activation; only the bias right after a MatMul is supported");
        }
        Linear linear = (Linear) producer.op();
        Tensor bias = vector(s, c, linear.outFeatures(), "bias");
        s.graph().replaceOp(producer.name(), build(s, () -> new Linear(linear.weight(), bias)));
        s.define(f);
    }

    static void sum(Step s) {
        s.requireInputs(1, Limits.MAX_NODES);
        String acc = s.feature(0).irName();
        Value.Feature last = s.feature(0);
        for (int i = 1; i < s.inputCount(); i++) {
            String name = i == s.inputCount() - 1 ? s.node().getName() : s.node().getName() + "/sum" + i;
            last = s.emitNamed(name, new Add(), List.of(acc, s.feature(i).irName()));
            acc = last.irName();
        }
        s.define(last);
    }

    static void maxPool(Step s) {
        if (s.hasInput(0) && s.input(0) instanceof Value.Padded) {
            throw s.fail("a zero Pad before MaxPool is not supported (max pooling pads with -infinity, not 0)");
        }
        Window win = Window.read(s);
        requireUndilated(s, "max");
        s.attributes().integer("storage_order", 0, 0, 1); // only orders the Indices output, which must be unused
        var padding = win.padding(s);
        Op op = build(s, () -> new MaxPool(win.kernelHw(), win.strideHw(), padding, win.ceil()));
        s.define(s.emit(op, List.of(win.x().irName())));
    }

    static void averagePool(Step s) {
        Window win = Window.read(s);
        boolean ownIncluded = s.attributes().integer("count_include_pad", 0, 0, 1) == 1;
        if (s.opset() >= 19) {
            requireUndilated(s, "average");
        }
        var own = win.padding(s);
        Padding before = win.in().extra();
        boolean includePad = ownIncluded;
        if (!before.equals(Padding.NONE)) {
            // the Pad's zeros are values of the input: every window divides by its full size, as with
            // count_include_pad; padding of the pooling's own that it does not count, or windows past the end (ceil
            // mode), would divide some windows differently, so those are refused rather than approximated
            if (!own.equals(Padding.NONE) && !ownIncluded || win.ceil()) {
                throw s.fail("a zero Pad before an AveragePool is supported only without ceil_mode, and with "
                        + "count_include_pad=1 where the pooling pads as well");
            }
            includePad = true;
        }
        var padding = before.plus(own);
        boolean counted = includePad;
        Op op = build(s, () -> new AvgPool(win.kernelHw(), win.strideHw(), padding, win.ceil(), counted));
        s.define(s.emit(op, List.of(win.x().irName())));
    }

    /**
     * What both poolings read first, in this order: their one activation, kernel_shape, strides and ceil_mode.
     * Their padding is read last ({@link #padding}), after each pooling's own attributes.
     */
    private record Window(Windowed in, int[] kernel, int[] strides, boolean ceil) {
        static Window read(Step s) {
            s.requireInputs(1, 1);
            Windowed x = Windowed.read(s);
            int[] kernel = s.attributes().ints("kernel_shape", 2, 1, Limits.MAX_SPATIAL, null);
            if (kernel == null) {
                throw s.fail("kernel_shape is required");
            }
            int[] strides = s.attributes().ints("strides", 2, 1, Limits.MAX_SPATIAL, ONES);
            boolean ceil = s.attributes().integer("ceil_mode", 0, 0, 1) == 1;
            return new Window(x, kernel, strides, ceil);
        }

        Value.Feature x() {
            return in.x();
        }

        /** The pooling's own padding (read from its attributes, on the input as a Pad before it left it). */
        Padding padding(Step s) {
            return Pads.read(s, in.paddedShape(), kernel, strides, ONES);
        }

        Hw kernelHw() {
            return new Hw(kernel[0], kernel[1]);
        }

        Hw strideHw() {
            return new Hw(strides[0], strides[1]);
        }
    }

    /**
     * A sliding window's activation input, and the zero padding a {@code Pad} before it left for the window to
     * take in ({@link Padding#NONE} when the input is a plain activation).
     */
    private record Windowed(Value.Feature x, Padding extra) {
        static Windowed read(Step s) {
            if (s.hasInput(0) && s.input(0) instanceof Value.Padded p) {
                return new Windowed(p.source(), p.pads());
            }
            return new Windowed(s.feature(0), Padding.NONE);
        }

        /** The input's shape after the pending padding: what the window's own attributes describe. */
        Shape paddedShape() {
            Shape in = x.shape();
            if (extra.equals(Padding.NONE) || in.rank() != 3) {
                return in;
            }
            return Shape.of(in.channels(), in.height() + extra.top() + extra.bottom(),
                    in.width() + extra.left() + extra.right());
        }
    }

    /** Refuses a dilated window: neither pooling of the IR has dilation. */
    private static void requireUndilated(Step s, String pooling) {
        int[] dilations = s.attributes().ints("dilations", 2, 1, Limits.MAX_SPATIAL, ONES);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw s.fail("dilated " + pooling + " pooling is not supported");
        }
    }

    static void globalAveragePool(Step s) {
        s.requireInputs(1, 1);
        unary(s, new GlobalAvgPool());
    }

    /** An op without attributes on the node's one activation (further inputs, if any, are read by the caller). */
    private static void unary(Step s, Op op) {
        s.define(s.emit(op, List.of(s.feature(0).irName())));
    }

    /** Flatten with axis 1 flattens each sample; any other axis would mix samples or keep a rank IR has not. */
    static void flatten(Step s) {
        s.requireInputs(1, 1);
        Value.Feature x = s.feature(0);
        long given = s.attributes().integer("axis", 1);
        if (!isAxisOne(given, x)) {
            throw s.fail("axis " + given + " is not supported; only axis 1 (flatten each sample) is");
        }
        s.define(x.shape().rank() == 1 ? x : s.emit(new Flatten(), List.of(x.irName())));
    }

    /** Y = alpha * A * B' + beta * C with A a batch of vectors; alpha and beta are folded into the weights. */
    static void gemm(Step s) {
        s.requireInputs(2, 3);
        Value.Feature x = vectors(s);
        Value.Const b = s.weight(1, "B", 2);
        Attributes a = s.attributes();
        double alpha = a.real("alpha", 1.0);
        double beta = a.real("beta", 1.0);
        if (a.integer("transA", 0, 0, 1) == 1) {
            throw s.fail("transA=1 (a transposed batch) is not supported");
        }
        boolean transB = a.integer("transB", 0, 0, 1) == 1;
        Tensor w = transB ? b.tensor() : transpose(b.tensor());
        if (alpha != 1) {
            Tensor unscaled = w;
            w = Tensor.generate(unscaled.shape(), i -> alpha * unscaled.get(i));
        }
        Tensor bias = null;
        if (s.hasInput(2) && beta != 0) {
            Value.Const c = s.constant(2, "C");
            if (c.isInt()) {
                throw s.fail("C holds integers, a bias must be float");
            }
            Tensor raw = vector(s, c, w.dim(0), "C");
            bias = beta == 1 ? raw : Tensor.generate(raw.shape(), i -> beta * raw.get(i));
        }
        Tensor weight = w;
        Tensor finalBias = bias;
        Value.Feature y = s.emit(build(s, () -> new Linear(weight, finalBias)), List.of(x.irName()));
        if (finalBias == null) {
            s.graph().markBiasFreeLinear(s.node().getOutput(0), y.irName());
        }
        s.define(y);
    }

    /** A batch of vectors times a constant matrix [in, out]: a linear layer whose bias may follow as an Add. */
    static void matMul(Step s) {
        s.requireInputs(2, 2);
        Value.Feature x = vectors(s);
        Tensor w = transpose(s.weight(1, "B", 2).tensor());
        Value.Feature y = s.emit(build(s, () -> new Linear(w, null)), List.of(x.irName()));
        s.graph().markBiasFreeLinear(s.node().getOutput(0), y.irName());
        s.define(y);
    }

    /** Identity, and Dropout, which is the identity at inference. */
    static void identity(Step s) {
        s.requireInputs(1, 1);
        s.define(s.input(0));
    }

    /** Dropout is the identity at inference; a graph that asks for training mode is refused. */
    static void dropout(Step s) {
        if (s.opset() < 12) {
            s.requireInputs(1, 1);
            s.attributes().real("ratio", 0.5);
        } else {
            s.requireInputs(1, 3);
            s.attributes().integer("seed", 0);
            if (s.hasInput(1)) {
                s.constant(1, "ratio");
            }
            if (s.hasInput(2)) {
                Value.Const training = s.constant(2, "training_mode");
                if (!training.isInt() || training.size() != 1 || training.ints()[0] != 0) {
                    throw s.fail("training_mode must be a constant false: the model is read for inference");
                }
            }
        }
        s.define(s.input(0));
    }

    /**
     * Gather on the channels (axis 1) of an activation with a constant vector of indices: a {@link ChannelGather}.
     * A scalar index would drop the channel axis, and other axes would cut maps apart; both are refused.
     */
    static void channelGather(Step s) {
        s.requireInputs(2, 2);
        Value.Feature x = s.feature(0);
        long given = s.attributes().integer("axis", 0);
        if (!isAxisOne(given, x)) {
            throw s.fail("Gather on axis " + given + " of an activation is not supported; only the channels (axis 1)"
                    + " are");
        }
        Value.Const indices = s.constant(1, "indices");
        if (!indices.isInt() || indices.rank() != 1) {
            throw s.fail("indices must be a constant integer vector (a scalar would drop the channel axis)");
        }
        int channels = x.shape().dim(0);
        long[] raw = indices.ints();
        int[] picked = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < -channels || raw[i] >= channels) {
                throw s.fail("index " + raw[i] + " is outside the " + channels + " channels");
            }
            picked[i] = (int) (raw[i] < 0 ? raw[i] + channels : raw[i]);
        }
        s.define(s.emit(build(s, () -> new ChannelGather(picked)), List.of(x.irName())));
    }

    /** Concat of activations on the channels (axis 1): a {@link Concat}; one input is the identity. */
    static void concat(Step s) {
        s.requireInputs(1, Limits.MAX_NODES);
        if (!s.attributes().has("axis")) {
            throw s.fail("axis is required");
        }
        Value.Feature first = s.feature(0);
        long given = s.attributes().integer("axis", 0);
        if (!isAxisOne(given, first)) {
            throw s.fail("Concat on axis " + given + " of activations is not supported; only the channels (axis 1) "
                    + "are");
        }
        if (s.inputCount() == 1) {
            s.define(first);
            return;
        }
        List<String> parts = new java.util.ArrayList<>(s.inputCount());
        for (int i = 0; i < s.inputCount(); i++) {
            parts.add(s.feature(i).irName());
        }
        s.define(s.emit(build(s, () -> new Concat(parts.size())), parts));
    }

    /** Whether an ONNX axis on a batch of {@code x} (negative: counted from the end) is axis 1. */
    private static boolean isAxisOne(long given, Value.Feature x) {
        int rank = x.shape().rank() + 1; // the batch dimension comes first
        return (given < 0 ? given + rank : given) == 1;
    }

    private static Value.Feature vectors(Step s) {
        Value.Feature x = s.feature(0);
        if (x.shape().rank() != 1) {
            throw s.fail("input " + Names.quoted(s.node().getInput(0)) + " is a batch of " + x.shape()
                    + " maps; a linear layer takes a batch of vectors (flatten first)");
        }
        return x;
    }

    /** A constant that broadcasts along one axis of {@code n} values: shapes [], [1], [n], [1, n] or [1, 1]. */
    private static Tensor vector(Step s, Value.Const c, int n, String role) {
        long[] d = c.dims();
        boolean scalar = c.size() == 1 && d.length <= 2;
        boolean row = d.length == 1 && d[0] == n || d.length == 2 && d[0] == 1 && d[1] == n;
        if (!scalar && !row) {
            throw s.fail(role + " of shape " + java.util.Arrays.toString(d) + " does not broadcast to [" + n + "]");
        }
        float[] v = c.floats();
        return Tensor.generate(new int[] {n}, i -> v[scalar ? 0 : i]);
    }

    private static Tensor transpose(Tensor m) {
        int rows = m.dim(0);
        int cols = m.dim(1);
        return Tensor.generate(new int[] {cols, rows}, i -> m.get((i % rows) * cols + i / rows));
    }

    /** Builds an op; a record's own checks (a bias of the wrong size, a negative variance) name the node. */
    static Op build(Step s, Supplier<Op> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw s.fail(ModelFile.oneLine(e.getMessage()));
        }
    }
}
