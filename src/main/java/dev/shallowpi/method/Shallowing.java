package dev.shallowpi.method;

import dev.shallowpi.fold.GraphEdit;
import dev.shallowpi.fold.ReluRemoval;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.MergeChain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning to be shallow, the rewrite: the student is the teacher with the selected ReLUs removed and each conv
 * pair (or chain of pairs) they leave behind rewritten for the kernel mode. The teacher is never changed.
 *
 * <ul>
 *   <li>Removal-only ReLUs disappear: their readers read their input. Other nodes keep their names.</li>
 *   <li>{@link KernelMode#EXACT}: the pairs are put into merge-ready form (all padding on the first conv,
 *   {@code P1 + s1*P2}, none on the second) by {@code fold.ReluRemoval}, so that {@link Deployment} later merges
 *   them exactly. The student then equals the teacher without those ReLUs except near the borders, where the
 *   first conv now computes what used to be zero padding.</li>
 *   <li>{@link KernelMode#SAME}: each chain {@code conv1-[bn1]-conv2-[bn2]} (with the residual add and its
 *   identity or projection shortcut, when the chain is the whole residual branch) becomes one conv with the
 *   first conv's kernel size, the chain's total stride and the first conv's padding, named as the first conv,
 *   followed by a fresh BN that is the identity at inference ({@link #identityBatchNorm}), named as the
 *   first conv's BN. The conv starts from the centre {@code k1 x k1} crop of the exactly composed kernel (BNs
 *   and shortcut folded in, see {@link ShallowConv}) with the folded bias, or from the {@code k1 x k1} kernel
 *   fitted to that composition on data ({@link FittedKernels}). <b>This is an approximation</b>: the
 *   crop drops the outer taps of the composed kernel, so the student computes something else than the teacher
 *   without those ReLUs (exactly the same only when the composed kernel fits in {@code k1 x k1}, e.g. 1x1 pairs);
 *   training with distillation, after re-estimating the BN statistics, recovers the accuracy. It is how the
 *   method cuts linear operations: the pair's MACs become those of one {@code k1 x k1} conv.</li>
 * </ul>
 */
public final class Shallowing {
    private Shallowing() {
    }

    /** How each chain's one conv starts under {@link KernelMode#SAME}: the centre crop, or a fitted kernel. */
    public interface ChainKernels {
        Conv2d of(Graph teacher, MergeChain chain);
    }

    /** The centre crop of each chain's exact composition ({@link ShallowConv#of}). */
    public static final ChainKernels CROP = ShallowConv::of;

    public static Graph student(Graph teacher, Collection<Candidate> selected, KernelMode mode) {
        return student(teacher, selected, mode, CROP);
    }

    /** The student with each chain's one conv (under {@link KernelMode#SAME}) made by {@code kernels}. */
    public static Graph student(Graph teacher, Collection<Candidate> selected, KernelMode mode,
                                ChainKernels kernels) {
        Map<String, Candidate> unique = new LinkedHashMap<>();
        for (Candidate c : selected) {
            unique.putIfAbsent(c.relu(), c);
        }
        if (mode == KernelMode.EXACT) {
            return ReluRemoval.drop(teacher, unique.keySet()).graph();
        }
        return same(teacher, unique.values(), kernels);
    }

    private static Graph same(Graph teacher, Collection<Candidate> selected, ChainKernels kernels) {
        GraphEdit edit = new GraphEdit(teacher);
        for (Candidate c : selected) {
            if (!teacher.hasNode(c.relu()) || !(teacher.node(c.relu()).op() instanceof Relu)) {
                throw new IllegalArgumentException("'" + c.relu() + "' is not a ReLU node of the teacher");
            }
            if (!c.isMerge()) {
                edit.remove(c.relu());
                edit.alias(c.relu(), teacher.node(c.relu()).inputs().get(0));
            }
        }
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < teacher.nodes().size(); i++) {
            position.put(teacher.nodes().get(i).name(), i);
        }
        for (MergeChain chain : MergeChain.of(teacher, selected)) {
            List<String> replaced = new ArrayList<>(chain.replacedNodes());
            replaced.sort((a, b) -> Integer.compare(position.get(a), position.get(b)));
            String convName = chain.firstConv();
            String bnName = sameOutput(teacher, chain);
            Node conv = new Node(convName, kernels.of(teacher, chain),
                    teacher.node(chain.firstConv()).inputs().get(0));
            Node bn = new Node(bnName, identityBatchNorm(teacher.shape(chain.end()).channels()), convName);
            for (String n : replaced) {
                edit.remove(n);
            }
            // Every replaced node comes after the chain's input and the end comes last, so the two new nodes
            // take the last two slots: the conv's input is defined before it, and the BN's readers after it.
            edit.replace(replaced.get(replaced.size() - 2), conv);
            edit.replace(replaced.get(replaced.size() - 1), bn);
            edit.alias(chain.end(), bnName);
        }
        return edit.build();
    }

    /**
     * For each merged block of the student {@link #student} makes, the student node whose value stands for the
     * teacher's at the block's end (the pre-activation the removed ReLUs led to), keyed by student node: under
     * {@link KernelMode#SAME} the fresh BN after the one conv, under {@link KernelMode#EXACT} the same node, which
     * keeps its name. In the order of the chains. Removal-only ReLUs merge nothing and have no pair.
     */
    public static Map<String, String> mergedOutputs(Graph teacher, Collection<Candidate> selected, KernelMode mode) {
        Map<String, Candidate> unique = new LinkedHashMap<>();
        for (Candidate c : selected) {
            unique.putIfAbsent(c.relu(), c);
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (MergeChain chain : MergeChain.of(teacher, unique.values())) {
            pairs.put(mode == KernelMode.SAME ? sameOutput(teacher, chain) : chain.end(), chain.end());
        }
        return pairs;
    }

    /** The name of the BN after a chain's one conv: the first conv's BN, or a fresh name when it had none. */
    private static String sameOutput(Graph teacher, MergeChain chain) {
        return chain.bns().get(0) != null ? chain.bns().get(0) : freeName(teacher, chain.firstConv() + ".bn");
    }

    /**
     * A BN that passes its input through at inference: scale 1, shift 0, running mean 0, PyTorch's eps and
     * momentum, and running variance {@code 1 - eps} rather than PyTorch's initial 1, so that
     * {@code sqrt(var + eps)} is 1 to float precision (variance 1 would scale by {@code 1/sqrt(1 + eps)}, 5e-6
     * off, and the exact cases could not be checked exactly). Training re-estimates the statistics anyway.
     */
    static BatchNorm identityBatchNorm(int channels) {
        int[] s = {channels};
        return new BatchNorm(Tensor.filled(s, 1f), Tensor.filled(s, 0f), Tensor.filled(s, 0f),
                Tensor.filled(s, (float) (1 - BatchNorm.DEFAULT_EPS)), BatchNorm.DEFAULT_EPS,
                BatchNorm.DEFAULT_MOMENTUM);
    }

    private static String freeName(Graph g, String base) {
        String name = base;
        for (int i = 2; g.hasNode(name); i++) {
            name = base + i;
        }
        return name;
    }
}
