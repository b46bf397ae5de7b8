package dev.shallowpi.method.selection;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.OpCosts;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a student will cost as deployed, predicted from the teacher's structure alone, without building it (the
 * selection evaluates many subsets; composing kernels for each would be far too slow). Each selected ReLU is
 * gone; each chain of merge pairs ({@link MergeChain}) counts as the one conv it deploys to, its shortcut conv
 * gone when it is a whole residual branch:
 * <ul>
 *   <li>{@link KernelMode#SAME}: the first conv's kernel size, total stride, the chain's output shape;</li>
 *   <li>{@link KernelMode#EXACT}: the exactly composed kernel, {@code k1 + s1*(k2-1)} taps per axis for two
 *   undilated convs (the general rule, with strides and dilations, mirrors {@code fold.Algebra.compose}).</li>
 * </ul>
 * Groups are the gcd of the parts' groups, as the algebra composes them. Tests check every figure against
 * {@link CostAnalysis} of the student graph ({@code SAME}) and of its deployment ({@code EXACT}).
 *
 * <p>Not counted: merges deployment finds that the teacher already had (two convs with no ReLU between them,
 * such as MobileNetV2's projection into the next block's expansion where no add separates them); those are no
 * doing of the method.
 */
public final class CostModel {
    private final Graph teacher;
    private final StudentCost teacherCost;

    public CostModel(Graph teacher) {
        this.teacher = teacher;
        this.teacherCost = StudentCost.of(CostAnalysis.of(teacher));
    }

    public Graph teacherGraph() {
        return teacher;
    }

    public StudentCost teacher() {
        return teacherCost;
    }

    /** The deployed student's figures with the {@code selected} candidates removed. */
    public StudentCost predict(Collection<Candidate> selected, KernelMode mode) {
        Set<String> removedRelus = new HashSet<>();
        Map<String, Long> nonlinearities = new TreeMap<>(teacherCost.nonlinearities());
        for (Candidate c : selected) {
            if (!(teacher.node(c.relu()).op() instanceof Relu relu)) {
                throw new IllegalArgumentException("'" + c.relu() + "' is not a ReLU node of the teacher");
            }
            if (removedRelus.add(c.relu())) {
                nonlinearities.merge(relu.nonlinearity(), -teacher.shape(c.relu()).elements(), Long::sum);
            }
        }
        nonlinearities.values().removeIf(n -> n == 0);
        long macs = teacherCost.macs();
        int convs = teacherCost.convs();
        Set<String> absorbed = new HashSet<>();
        for (MergeChain chain : MergeChain.of(teacher, selected)) {
            macs -= macSaving(chain, mode);
            absorbed.addAll(chain.convs().subList(1, chain.convs().size()));
            if (chain.branch() != null && chain.branch().shortcutConv() != null) {
                absorbed.add(chain.branch().shortcutConv());
            }
        }
        convs -= absorbed.size();
        // The merged conv stands where the chain's first conv was: counting only that one on every path gives
        // the merged graph's depths; folded shortcut convs count nothing, as they are gone.
        int reluDepth = CostAnalysis.longestPath(teacher,
                n -> n.op() instanceof Relu && !removedRelus.contains(n.name()));
        int nonlinearDepth = CostAnalysis.longestPath(teacher,
                n -> OpCosts.nonlinearity(n.op()) != null && !removedRelus.contains(n.name()));
        int linearDepth = CostAnalysis.longestPath(teacher,
                n -> OpCosts.isLinearLayer(n.op()) && !absorbed.contains(n.name()));
        return new StudentCost(nonlinearities, macs, reluDepth, nonlinearDepth, linearDepth, convs);
    }

    /** MACs of the chain's convs (and folded shortcut conv) less those of the one conv that replaces them. */
    long macSaving(MergeChain chain, KernelMode mode) {
        long before = 0;
        for (String c : chain.convs()) {
            before += macsOf(c);
        }
        if (chain.branch() != null && chain.branch().shortcutConv() != null) {
            before += macsOf(chain.branch().shortcutConv());
        }
        return before - mergedMacs(chain, mode);
    }

    private long macsOf(String conv) {
        return OpCosts.macs(teacher.node(conv).op(), teacher.shape(conv));
    }

    private long mergedMacs(MergeChain chain, KernelMode mode) {
        Conv2d first = conv(chain.firstConv());
        int groups = first.groups();
        for (String c : chain.convs()) {
            groups = gcd(groups, conv(c).groups());
        }
        if (chain.branch() != null) {
            // an identity shortcut composes as a depthwise 1x1 conv, a projection as its own conv
            groups = gcd(groups, chain.branch().isIdentity() ? first.inChannels()
                    : conv(chain.branch().shortcutConv()).groups());
        }
        Hw taps = mode == KernelMode.SAME ? first.kernel() : composedTaps(chain);
        Shape out = teacher.shape(chain.lastConv());
        return out.elements() * (first.inChannels() / groups) * taps.h() * taps.w();
    }

    /**
     * Taps of the exactly composed kernel along each axis: conv {@code i} samples the input at steps of
     * {@code d_i * (s_1 ... s_{i-1})}; the composed kernel spans the sum of {@code (k_i - 1)} such steps, written
     * with the gcd of the steps of the convs that have more than one tap as its dilation.
     */
    private Hw composedTaps(MergeChain chain) {
        int spanH = 0;
        int spanW = 0;
        int stepGcdH = 0;
        int stepGcdW = 0;
        int strideH = 1;
        int strideW = 1;
        for (String name : chain.convs()) {
            Conv2d c = conv(name);
            int stepH = c.dilation().h() * strideH;
            int stepW = c.dilation().w() * strideW;
            spanH += stepH * (c.kernel().h() - 1);
            spanW += stepW * (c.kernel().w() - 1);
            stepGcdH = c.kernel().h() > 1 ? gcd(stepGcdH, stepH) : stepGcdH;
            stepGcdW = c.kernel().w() > 1 ? gcd(stepGcdW, stepW) : stepGcdW;
            strideH *= c.stride().h();
            strideW *= c.stride().w();
        }
        return new Hw(spanH / Math.max(1, stepGcdH) + 1, spanW / Math.max(1, stepGcdW) + 1);
    }

    private Conv2d conv(String name) {
        return (Conv2d) teacher.node(name).op();
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
