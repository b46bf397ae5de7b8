package dev.shallowpi.method.selection;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the ReLUs the method may remove and what each saves. Every ReLU node is a candidate: a merge candidate
 * when its removal leaves {@code conv -> [bn] -> conv} with nothing else reading between (the inner ReLU of a
 * BasicBlock, a ReLU between two convs of a plain chain, the expansion ReLU of an inverted residual), otherwise
 * removal-only (after a residual add, a stem read by a shortcut too, before a pool, and where merging a depthwise or
 * grouped conv would make a dense conv that costs more MACs than the two: an inverted residual's depthwise ReLU).
 */
public final class Candidates {
    private Candidates() {
    }

    /** The candidates of {@code teacher}, in graph order, with their savings under both kernel modes. */
    public static List<Candidate> find(Graph teacher) {
        return find(new CostModel(teacher));
    }

    /** The same, reusing a cost model of the teacher. */
    public static List<Candidate> find(CostModel model) {
        Graph g = model.teacherGraph();
        StudentCost before = model.teacher();
        List<Candidate> found = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Relu)) {
                continue;
            }
            ConvPair pair = pairAround(g, n);
            Candidate bare = candidate(g, n, pair);
            // Savings of this candidate alone; depth and ReLUs do not depend on the kernel mode.
            StudentCost same = model.predict(List.of(bare), KernelMode.SAME);
            if (pair != null && grouped(g, pair) && same.macs() >= before.macs()) {
                // a depthwise (or grouped) conv merged with its neighbour becomes a dense conv that costs more
                // than the two: the ReLU is still worth removing, the convs stay as they are
                bare = candidate(g, n, null);
                same = model.predict(List.of(bare), KernelMode.SAME);
            }
            StudentCost exact = model.predict(List.of(bare), KernelMode.EXACT);
            found.add(bare.withSavings(new Candidate.Savings(before.macs() - same.macs(),
                    before.macs() - exact.macs(), before.reluDepth() - same.reluDepth(),
                    before.linearDepth() - same.linearDepth())));
        }
        return found;
    }

    private static Candidate candidate(Graph g, Node relu, ConvPair pair) {
        ResidualBranch branch = pair == null ? null : MergeChain.branchAround(g, pair.firstConv(), pair.end());
        return new Candidate(relu.name(), pair == null ? Candidate.Kind.REMOVAL_ONLY : Candidate.Kind.MERGE, pair,
                branch, g.shape(relu.name()).elements(), Candidate.Savings.NONE);
    }

    private static boolean grouped(Graph g, ConvPair pair) {
        return ((Conv2d) g.node(pair.firstConv()).op()).groups() > 1
                || ((Conv2d) g.node(pair.secondConv()).op()).groups() > 1;
    }

    /**
     * The ReLUs among {@code relus} that are merge candidates of {@code teacher}: removing them joins two convs
     * into one.
     */
    public static List<String> merging(Graph teacher, List<String> relus) {
        java.util.Set<String> merges = new java.util.HashSet<>();
        for (Candidate c : find(teacher)) {
            if (c.isMerge()) {
                merges.add(c.relu());
            }
        }
        return relus.stream().filter(merges::contains).toList();
    }

    /**
     * The conv pair around {@code relu}: its input is a conv, or a BN whose input is a conv, each read by
     * nothing else, and its only reader is a conv (whose BN joins the pair when it is that conv's only reader).
     * Null when the ReLU is not between two such layers. These are the pairs {@code fold.ReluRemoval} puts into
     * merge-ready form.
     */
    static ConvPair pairAround(Graph g, Node relu) {
        String v = relu.inputs().get(0);
        List<String> reluReaders = g.consumers(relu.name());
        if (relu.name().equals(g.output()) || reluReaders.size() != 1 || !g.hasNode(v)
                || !MergeChain.soleReader(g, v, relu.name())) {
            return null;
        }
        Node second = g.node(reluReaders.get(0));
        if (!(second.op() instanceof Conv2d)) {
            return null;
        }
        Node before = g.node(v);
        String firstConv;
        String firstBn = null;
        if (before.op() instanceof Conv2d) {
            firstConv = before.name();
        } else if (before.op() instanceof BatchNorm && g.hasNode(before.inputs().get(0))
                && g.node(before.inputs().get(0)).op() instanceof Conv2d
                && MergeChain.soleReader(g, before.inputs().get(0), before.name())) {
            firstConv = before.inputs().get(0);
            firstBn = before.name();
        } else {
            return null;
        }
        String secondBn = null;
        List<String> readers = g.consumers(second.name());
        if (readers.size() == 1 && g.node(readers.get(0)).op() instanceof BatchNorm
                && MergeChain.soleReader(g, second.name(), readers.get(0))) {
            secondBn = readers.get(0);
        }
        return new ConvPair(firstConv, firstBn, second.name(), secondBn);
    }
}
