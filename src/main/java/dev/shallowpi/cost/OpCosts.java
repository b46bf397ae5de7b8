package dev.shallowpi.cost;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.HardSigmoid;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.Mul;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Sigmoid;

import java.util.List;
import java.util.Map;

/**
 * The counting convention, per op (REFERENCE.md section 1): a ReLU costs one comparison per element; a
 * conv {@code Cout*Hout*Wout*(Cin/groups)*kh*kw} MACs; a linear layer {@code in*out}; BN, add, pooling,
 * reshapes, channel gathers and concats cost no MACs (BN folds into the conv before it; gathers and concats move
 * shares locally, with no protocol work). A ReLU applied to some channels only is a gather, a ReLU node and a
 * concat, so only the channels that pass through the ReLU node are counted. Parameters count weights, biases and BN's affine
 * pair, not running statistics.
 */
public final class OpCosts {
    private OpCosts() {
    }

    /** Every kind {@link #nonlinearity} names: the plain ReLU first, then the kinds a PI profile prices against it. */
    public static final List<String> NONLINEARITIES = List.of("relu", "relu6", "clipped-relu", "sigmoid",
            "hard-sigmoid", "product");

    /** The kinds a ReLU node does: the plain ReLU and capped ones. Their elements are the ReLU count. */
    public static final List<String> RELU_FAMILY = List.of("relu", "relu6", "clipped-relu");

    /** The ReLU count of these elements per nonlinearity kind: those of {@link #RELU_FAMILY}. */
    public static long reluFamily(Map<String, Long> nonlinearities) {
        long n = 0;
        for (String kind : RELU_FAMILY) {
            n += nonlinearities.getOrDefault(kind, 0L);
        }
        return n;
    }

    /** Elements passing through a ReLU, per sample. */
    public static long relus(Op op, Shape output) {
        return op instanceof Relu ? output.elements() : 0;
    }

    /**
     * The kind of nonlinear work an op does on each output element under PI, or null for none: relu, relu6 and
     * clipped-relu (two comparisons), sigmoid (an approximation), hard-sigmoid (two comparisons and a scaling),
     * product (a multiplication of two secret values: SiLU's, hard-swish's and squeeze-excitation's). Each is one of
     * {@link #NONLINEARITIES}.
     */
    public static String nonlinearity(Op op) {
        if (op instanceof Relu r) {
            return r.nonlinearity();
        }
        if (op instanceof Sigmoid) {
            return "sigmoid";
        }
        if (op instanceof HardSigmoid) {
            return "hard-sigmoid";
        }
        if (op instanceof Mul) {
            return "product";
        }
        return null;
    }

    /** Multiply-accumulates per sample. */
    public static long macs(Op op, Shape output) {
        if (op instanceof Conv2d c) {
            long perOutput = (long) (c.inChannels() / c.groups()) * c.kernel().h() * c.kernel().w();
            return output.elements() * perOutput;
        }
        if (op instanceof Linear l) {
            return (long) l.inFeatures() * l.outFeatures();
        }
        return 0;
    }

    public static long params(Op op) {
        if (op instanceof Conv2d c) {
            return c.weight().size() + (c.bias() == null ? 0 : c.bias().size());
        }
        if (op instanceof Linear l) {
            return l.weight().size() + (l.bias() == null ? 0 : l.bias().size());
        }
        if (op instanceof BatchNorm b) {
            return 2L * b.channels();
        }
        return 0;
    }

    /** Conv and linear layers: the layers a PI protocol evaluates with HE and the depth that merging cuts. */
    public static boolean isLinearLayer(Op op) {
        return op instanceof Conv2d || op instanceof Linear;
    }
}
