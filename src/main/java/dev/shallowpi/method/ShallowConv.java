package dev.shallowpi.method;

import dev.shallowpi.fold.Algebra;
import dev.shallowpi.fold.ConvKernel;
import dev.shallowpi.fold.NotExactException;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.MergeChain;
import dev.shallowpi.method.selection.ResidualBranch;

import java.util.List;

/**
 * The one conv that replaces a merge chain under {@link KernelMode#SAME}: every BN folded into its conv, the
 * convs composed exactly (each pair in merge-ready form, so the composition is the pair's interior function),
 * the shortcut added at the centre tap when the chain is a whole residual branch, then the centre
 * {@code k1 x k1} of that kernel kept, with its padding reduced so that every output pixel stays in place.
 * Exact when the composed kernel is no larger than {@code k1 x k1} (a 1x1 pair, or any conv followed by 1x1
 * ones); otherwise an initialisation that training has to make good.
 */
final class ShallowConv {
    private ShallowConv() {
    }

    /** The centre crop of the chain's exact composition ({@link #composed}), checked to fit in place. */
    static Conv2d of(Graph teacher, MergeChain chain) {
        ConvKernel merged = composed(teacher, chain);
        try {
            merged = Algebra.cropCentre(merged, firstKernel(teacher, chain));
        } catch (IllegalArgumentException e) {
            throw cannot(chain, e);
        }
        return checked(teacher, chain, merged);
    }

    /**
     * The chain as one exact conv, before any crop: BNs folded, convs composed in merge-ready form, the shortcut
     * added when the chain is a whole residual branch.
     */
    static ConvKernel composed(Graph teacher, MergeChain chain) {
        List<String> convs = chain.convs();
        ConvKernel merged = folded(teacher, convs.get(convs.size() - 1), chain.bns().get(convs.size() - 1));
        try {
            for (int i = convs.size() - 2; i >= 0; i--) {
                Algebra.Pair ready = Algebra.mergeReady(folded(teacher, convs.get(i), chain.bns().get(i)), merged);
                merged = Algebra.compose(ready.first(), ready.second());
            }
            ResidualBranch branch = chain.branch();
            if (branch != null) {
                merged = branch.isIdentity() ? Algebra.foldIdentity(merged)
                        : Algebra.foldShortcut(merged, folded(teacher, branch.shortcutConv(), branch.shortcutBn()));
            }
            return merged;
        } catch (NotExactException | IllegalArgumentException e) {
            throw cannot(chain, e);
        }
    }

    /** The first conv's kernel size: that of the one conv replacing the chain. */
    static Hw firstKernel(Graph teacher, MergeChain chain) {
        return ((Conv2d) teacher.node(chain.firstConv()).op()).kernel();
    }

    /** {@code merged} as the chain's replacement, refused unless it gives the chain's output shape. */
    static Conv2d checked(Graph teacher, MergeChain chain, ConvKernel merged) {
        Conv2d conv = merged.toConv2d();
        Shape in = teacher.shape(teacher.node(chain.firstConv()).inputs().get(0));
        Shape out = conv.outputShape(List.of(in));
        if (!out.equals(teacher.shape(chain.end()))) {
            throw new IllegalArgumentException("making " + String.join(" -> ", chain.convs()) + " one conv ("
                    + merged.describe() + ") gives " + out + " where the teacher has " + teacher.shape(chain.end())
                    + " at '" + chain.end() + "'");
        }
        return conv;
    }

    private static IllegalArgumentException cannot(MergeChain chain, Exception e) {
        return new IllegalArgumentException("cannot make " + String.join(" -> ", chain.convs()) + " one conv of the"
                + " first's kernel size: " + e.getMessage(), e);
    }

    private static ConvKernel folded(Graph teacher, String conv, String bn) {
        ConvKernel k = ConvKernel.of((Conv2d) teacher.node(conv).op());
        return bn == null ? k : Algebra.foldBatchNorm(k, (BatchNorm) teacher.node(bn).op());
    }
}
