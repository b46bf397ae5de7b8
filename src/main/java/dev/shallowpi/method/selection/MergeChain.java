package dev.shallowpi.method.selection;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run of selected merge candidates that share convs ({@code conv -> ReLU -> conv -> ReLU -> conv}, as in a
 * VGG stage or an inverted residual with both ReLUs removed): all its convs become one. A single candidate is a
 * chain of two convs. Whether the chain is a whole residual branch is decided here, for the chain as a whole
 * (in MobileNetV2 neither pair alone is the branch, both together are).
 *
 * @param convs  the convs in order
 * @param bns    each conv's BN, or null where it has none (same length as {@code convs})
 * @param relus  the removed ReLUs between them
 * @param branch the residual join the chain's shortcut folds into, or null
 */
public record MergeChain(List<String> convs, List<String> bns, List<String> relus, ResidualBranch branch) {
    public MergeChain {
        convs = List.copyOf(convs);
        bns = Collections.unmodifiableList(new ArrayList<>(bns));
        relus = List.copyOf(relus);
    }

    public String firstConv() {
        return convs.get(0);
    }

    public String lastConv() {
        return convs.get(convs.size() - 1);
    }

    /** The value the chain replaces: the residual add when the whole branch goes, else its last BN or conv. */
    public String end() {
        if (branch != null) {
            return branch.add();
        }
        String bn = bns.get(bns.size() - 1);
        return bn != null ? bn : lastConv();
    }

    /** Every node the chain's replacement takes the place of: convs, BNs, ReLUs, and the shortcut and add. */
    public List<String> replacedNodes() {
        List<String> all = new ArrayList<>(convs);
        for (String bn : bns) {
            if (bn != null) {
                all.add(bn);
            }
        }
        all.addAll(relus);
        if (branch != null) {
            all.addAll(branch.nodes());
        }
        return all;
    }

    /** The chains the merge candidates among {@code selected} form, in graph order of their first conv. */
    public static List<MergeChain> of(Graph graph, Collection<Candidate> selected) {
        Map<String, Candidate> byFirstConv = new HashMap<>();
        Map<String, Candidate> bySecondConv = new HashMap<>();
        for (Candidate c : selected) {
            if (c.isMerge()) {
                byFirstConv.put(c.pair().firstConv(), c);
                bySecondConv.put(c.pair().secondConv(), c);
            }
        }
        List<MergeChain> chains = new ArrayList<>();
        for (Node n : graph.nodes()) {
            Candidate start = byFirstConv.get(n.name());
            if (start == null || bySecondConv.containsKey(n.name())) {
                continue; // not a merge pair's first conv, or inside a chain that starts earlier
            }
            List<String> convs = new ArrayList<>(List.of(start.pair().firstConv()));
            List<String> bns = new ArrayList<>();
            bns.add(start.pair().firstBn());
            List<String> relus = new ArrayList<>();
            for (Candidate c = start; c != null; c = byFirstConv.get(c.pair().secondConv())) {
                convs.add(c.pair().secondConv());
                bns.add(c.pair().secondBn());
                relus.add(c.relu());
            }
            String end = bns.get(bns.size() - 1) != null ? bns.get(bns.size() - 1) : convs.get(convs.size() - 1);
            chains.add(new MergeChain(convs, bns, relus, branchAround(graph, convs.get(0), end)));
        }
        return chains;
    }

    /**
     * The residual join for which the layers from {@code firstConv} to {@code end} are the whole residual branch,
     * or null: {@code end} read only by an add whose other input is {@code firstConv}'s input (identity shortcut)
     * or a conv (with its BN, if that is the conv's sole reader) reading that input and read only on the way to
     * the add (projection shortcut). The same conditions under which the fold passes fold a shortcut.
     */
    static ResidualBranch branchAround(Graph graph, String firstConv, String end) {
        if (end.equals(graph.output()) || graph.consumers(end).size() != 1) {
            return null;
        }
        Node add = graph.node(graph.consumers(end).get(0));
        if (!(add.op() instanceof Add)) {
            return null;
        }
        String x = graph.node(firstConv).inputs().get(0);
        String other = add.inputs().get(0).equals(end) ? add.inputs().get(1) : add.inputs().get(0);
        if (other.equals(x)) {
            return new ResidualBranch(add.name(), null, null);
        }
        if (!graph.hasNode(other) || !soleReader(graph, other, add.name())) {
            return null;
        }
        Node sc = graph.node(other);
        String bn = null;
        if (sc.op() instanceof BatchNorm && graph.hasNode(sc.inputs().get(0))) {
            bn = sc.name();
            sc = graph.node(sc.inputs().get(0));
            if (!soleReader(graph, sc.name(), bn)) {
                return null;
            }
        }
        if (sc.op() instanceof Conv2d && sc.inputs().get(0).equals(x)) {
            return new ResidualBranch(add.name(), sc.name(), bn);
        }
        return null;
    }

    /** Whether {@code reader} is the only node reading {@code value}, and it is not the graph output. */
    static boolean soleReader(Graph graph, String value, String reader) {
        return !value.equals(graph.output()) && graph.consumers(value).equals(List.of(reader));
    }
}
