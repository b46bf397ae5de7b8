package dev.shallowpi.fold;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Graph passes built on {@link Algebra}, as {@link Pass} values: each matches a pattern, skips any match whose
 * intermediate values have other readers (or is the graph output), replaces the rest, and returns a new graph,
 * never changing the old one. Running a pass checks its result against its input with a {@link Probe} and throws
 * {@link FoldCheckException} naming the node when they differ. What a pass leaves alone it reports, with the
 * reason, in {@link PassResult#skips()}.
 */
public final class Passes {
    public static final String FOLD_BN = "fold-bn";
    public static final String MERGE = "merge-linear";
    public static final String FOLD_SHORTCUTS = "fold-shortcuts";

    /** Folds every BN into the conv or linear layer before it, when nothing else reads that layer's output. */
    public static final Pass BATCH_NORM = new Pass(FOLD_BN, Passes::foldBatchNormRewrite);
    /**
     * Merges every run of adjacent conv layers, or of adjacent linear layers, whose intermediate values have no
     * other reader into one layer. A conv pair merges exactly only when the second conv has no padding
     * (merge-ready form); where that fails the run is cut there, the pieces merged separately, and the cut
     * reported. Every link merges, whatever the merged layer costs.
     */
    public static final Pass LINEAR_CHAINS = new Pass(MERGE, g -> mergeLinearChainsRewrite(g, null));

    /**
     * {@link #LINEAR_CHAINS} for deployment: a link whose merged layer would cost more MACs than its two layers (a
     * linear bottleneck's 1x1 projection and the next block's 1x1 expansion, in MobileNetV2) is left as two layers,
     * and reported, unless it leads into a layer named in {@code chosen}: the layers after a ReLU the user removed
     * in order to merge them (an exact kernel that grows, as asked).
     */
    public static Pass linearChains(Set<String> chosen) {
        Set<String> always = Set.copyOf(chosen);
        return new Pass(MERGE, g -> mergeLinearChainsRewrite(g, always));
    }
    /**
     * Folds residual joins whose whole residual branch is one conv: {@code add(conv(x), x)} (identity shortcut)
     * or {@code add(conv(x), conv1x1(x))} (projection shortcut, its BN already folded) becomes one conv, the
     * shortcut added at the taps that sample the same input (the centre tap, for the usual paddings).
     */
    public static final Pass SHORTCUTS = new Pass(FOLD_SHORTCUTS, Passes::foldShortcutsRewrite);

    private Passes() {
    }

    /** {@link #BATCH_NORM} run with the standard probe. */
    public static PassResult foldBatchNorm(Graph graph) {
        return BATCH_NORM.run(graph, Probe.standard());
    }

    private static Pass.Rewritten foldBatchNormRewrite(Graph graph) {
        GraphEdit edit = new GraphEdit(graph);
        List<Rewrite> rewrites = new ArrayList<>();
        List<Skip> skips = new ArrayList<>();
        for (Node bn : graph.nodes()) {
            if (!(bn.op() instanceof BatchNorm b)) {
                continue;
            }
            String src = bn.inputs().get(0);
            if (!graph.hasNode(src)) {
                skips.add(new Skip(FOLD_BN, List.of(bn.name()), "reads the graph input '" + src
                        + "'; BN folds only into a conv or linear layer before it"));
                continue;
            }
            Node layer = graph.node(src);
            if (!(layer.op() instanceof Conv2d) && !(layer.op() instanceof Linear)) {
                skips.add(new Skip(FOLD_BN, List.of(bn.name()), "reads '" + src + "', a " + layer.op().kind()
                        + "; BN folds only into a conv or linear layer before it"));
                continue;
            }
            String shared = sharedReason(graph, src, bn.name());
            if (shared != null) {
                skips.add(new Skip(FOLD_BN, List.of(src, bn.name()), shared));
                continue;
            }
            Object foldedLayer = layer.op() instanceof Conv2d c ? Algebra.foldBatchNorm(ConvKernel.of(c), b)
                    : Algebra.foldBatchNorm(LinearMap.of((Linear) layer.op()), b);
            Op folded = toOp(foldedLayer);
            String detail = detail(foldedLayer);
            // The folded layer keeps the conv's name (as a deployed model would) and stands where the BN was.
            edit.remove(src);
            edit.replace(bn.name(), layer.withOp(folded));
            edit.alias(bn.name(), src);
            rewrites.add(new Rewrite(FOLD_BN, List.of(src, bn.name()), src, bn.name(), detail));
        }
        return finish(graph, edit, rewrites, skips);
    }

    /** {@link #LINEAR_CHAINS} run with the standard probe. */
    public static PassResult mergeLinearChains(Graph graph) {
        return LINEAR_CHAINS.run(graph, Probe.standard());
    }

    /** @param chosen null to merge every link, else the layers whose links merge even where MACs grow */
    private static Pass.Rewritten mergeLinearChainsRewrite(Graph graph, Set<String> chosen) {
        GraphEdit edit = new GraphEdit(graph);
        List<Rewrite> rewrites = new ArrayList<>();
        List<Skip> skips = new ArrayList<>();
        for (List<Node> chain : chains(graph, skips)) {
            List<Node> segment = new ArrayList<>();
            Object acc = null;
            for (Node n : chain) {
                if (acc == null) {
                    acc = layerOf(n.op());
                    segment.add(n);
                    continue;
                }
                try {
                    Object merged = composeLayers(acc, layerOf(n.op()));
                    long apart = macs(acc, graph.shape(segment.get(segment.size() - 1).name()))
                            + macs(layerOf(n.op()), graph.shape(n.name()));
                    long together = macs(merged, graph.shape(n.name()));
                    if (chosen != null && together > apart && !chosen.contains(n.name())) {
                        skips.add(new Skip(MERGE, List.of(segment.get(segment.size() - 1).name(), n.name()),
                                "not merged: one layer would cost " + together + " MACs, the two cost " + apart));
                        emitMerged(graph, edit, segment, acc, rewrites);
                        segment = new ArrayList<>(List.of(n));
                        acc = layerOf(n.op());
                        continue;
                    }
                    acc = merged;
                    segment.add(n);
                } catch (NotExactException e) {
                    skips.add(new Skip(MERGE, List.of(segment.get(segment.size() - 1).name(), n.name()),
                            "not merged: " + e.getMessage()));
                    emitMerged(graph, edit, segment, acc, rewrites);
                    segment = new ArrayList<>(List.of(n));
                    acc = layerOf(n.op());
                }
            }
            emitMerged(graph, edit, segment, acc, rewrites);
        }
        return finish(graph, edit, rewrites, skips);
    }

    /** Maximal runs of same-kind linear layers, each feeding only the next; reports links that fail that. */
    private static List<List<Node>> chains(Graph graph, List<Skip> skips) {
        List<List<Node>> chains = new ArrayList<>();
        java.util.Set<String> linked = new java.util.HashSet<>();
        for (Node n : graph.nodes()) {
            Node prev = linearPredecessor(graph, n);
            if (prev == null) {
                continue;
            }
            String shared = sharedReason(graph, prev.name(), n.name());
            if (shared != null) {
                skips.add(new Skip(MERGE, List.of(prev.name(), n.name()), shared));
            } else {
                linked.add(n.name());
            }
        }
        for (Node n : graph.nodes()) {
            if (!isLinearLayer(n.op()) || linked.contains(n.name())) {
                continue;
            }
            List<Node> chain = new ArrayList<>(List.of(n));
            Node cur = n;
            while (true) {
                List<String> readers = graph.consumers(cur.name());
                if (readers.size() != 1 || !linked.contains(readers.get(0))) {
                    break;
                }
                cur = graph.node(readers.get(0));
                chain.add(cur);
            }
            if (chain.size() > 1) {
                chains.add(chain);
            }
        }
        return chains;
    }

    /** The layer before {@code n} when both are convs or both linear layers, else null. */
    private static Node linearPredecessor(Graph graph, Node n) {
        if (!isLinearLayer(n.op()) || !graph.hasNode(n.inputs().get(0))) {
            return null;
        }
        Node prev = graph.node(n.inputs().get(0));
        boolean sameKind = (prev.op() instanceof Conv2d && n.op() instanceof Conv2d)
                || (prev.op() instanceof Linear && n.op() instanceof Linear);
        return sameKind ? prev : null;
    }

    private static boolean isLinearLayer(Op op) {
        return op instanceof Conv2d || op instanceof Linear;
    }

    private static Object layerOf(Op op) {
        return op instanceof Conv2d c ? ConvKernel.of(c) : LinearMap.of((Linear) op);
    }

    /** Multiply-accumulates per sample of a conv kernel with this output, or of a linear map (as cost counts them). */
    private static long macs(Object layer, Shape output) {
        if (layer instanceof ConvKernel k) {
            return output.elements() * k.inPerGroup() * k.size().h() * k.size().w();
        }
        LinearMap l = (LinearMap) layer;
        return (long) l.inFeatures() * l.outFeatures();
    }

    private static Object composeLayers(Object first, Object second) {
        if (first instanceof ConvKernel a && second instanceof ConvKernel b) {
            return Algebra.compose(a, b);
        }
        return Algebra.compose((LinearMap) first, (LinearMap) second);
    }

    /** The graph op of a folded or merged {@link ConvKernel} or {@link LinearMap}: its weights rounded to float. */
    private static Op toOp(Object layer) {
        return layer instanceof ConvKernel k ? k.toConv2d() : ((LinearMap) layer).toLinear();
    }

    /** A rewrite's detail on the layer it made: the conv's description, or the linear layer's sizes. */
    private static String detail(Object layer) {
        if (layer instanceof ConvKernel k) {
            return k.describe();
        }
        LinearMap l = (LinearMap) layer;
        return l.inFeatures() + "->" + l.outFeatures();
    }

    private static void emitMerged(Graph graph, GraphEdit edit, List<Node> segment, Object layer,
                                   List<Rewrite> rewrites) {
        if (segment.size() < 2) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Node n : segment) {
            names.add(n.name());
            edit.remove(n.name());
        }
        Node last = segment.get(segment.size() - 1);
        String name = mergedName(graph, names);
        Op op = toOp(layer);
        String detail = detail(layer);
        edit.replace(last.name(), new Node(name, op, segment.get(0).inputs()));
        edit.alias(last.name(), name);
        rewrites.add(new Rewrite("merge", names, name, last.name(), detail));
    }

    /**
     * {@code layer1.0.conv1+conv2}: the members' longest common dotted prefix once, then their own parts joined
     * by {@code +}; full names when a part would start with a digit ({@code l1.0.conv1+l1.1.conv1}, not
     * {@code l1.0.conv1+1.conv1}). Made unique against the graph's names.
     */
    static String mergedName(Graph graph, List<String> names) {
        String first = names.get(0);
        String parent = first.substring(0, first.lastIndexOf('.') + 1);
        for (String n : names) {
            while (!n.startsWith(parent)) {
                parent = parent.substring(0, parent.lastIndexOf('.', parent.length() - 2) + 1);
            }
        }
        for (String n : names) {
            if (n.length() == parent.length() || Character.isDigit(n.charAt(parent.length()))) {
                parent = "";
                break;
            }
        }
        StringBuilder sb = new StringBuilder(parent);
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : "+").append(names.get(i).substring(parent.length()));
        }
        String base = sb.toString();
        String name = base;
        for (int i = 2; taken(graph, name); i++) {
            name = base + "#" + i;
        }
        return name;
    }

    private static boolean taken(Graph graph, String name) {
        return graph.hasNode(name) || graph.inputs().stream().anyMatch(in -> in.name().equals(name));
    }

    /** {@link #SHORTCUTS} run with the standard probe. */
    public static PassResult foldShortcuts(Graph graph) {
        return SHORTCUTS.run(graph, Probe.standard());
    }

    private static Pass.Rewritten foldShortcutsRewrite(Graph graph) {
        GraphEdit edit = new GraphEdit(graph);
        List<Rewrite> rewrites = new ArrayList<>();
        List<Skip> skips = new ArrayList<>();
        for (Node add : graph.nodes()) {
            if (!(add.op() instanceof Add)) {
                continue;
            }
            String a = add.inputs().get(0);
            String b = add.inputs().get(1);
            String whyA = tryShortcut(graph, add, a, b, edit, rewrites);
            if (whyA == null) {
                continue;
            }
            String whyB = tryShortcut(graph, add, b, a, edit, rewrites);
            if (whyB == null) {
                continue;
            }
            skips.add(new Skip(FOLD_SHORTCUTS, List.of(add.name()), "not folded: " + (whyA.equals(whyB) ? whyA
                    : whyA + "; the other way round: " + whyB)));
        }
        return finish(graph, edit, rewrites, skips);
    }

    /**
     * Folds {@code add(main, other)} with {@code main} the residual conv and {@code other} the shortcut;
     * returns null when done, else why not.
     */
    private static String tryShortcut(Graph graph, Node add, String main, String other, GraphEdit edit,
                                      List<Rewrite> rewrites) {
        if (!graph.hasNode(main) || !(graph.node(main).op() instanceof Conv2d conv)) {
            return "the branch '" + main + "' is not a single conv (" + kindOf(graph, main) + ")";
        }
        String shared = sharedReason(graph, main, add.name());
        if (shared != null) {
            return shared;
        }
        String x = graph.node(main).inputs().get(0);
        ConvKernel kernel = ConvKernel.of(conv);
        ConvKernel folded;
        List<String> absorbed = new ArrayList<>(List.of(main));
        try {
            if (other.equals(x)) {
                folded = Algebra.foldIdentity(kernel);
            } else if (graph.hasNode(other) && graph.node(other).op() instanceof Conv2d sc
                    && graph.node(other).inputs().get(0).equals(x)) {
                String sharedSc = sharedReason(graph, other, add.name());
                if (sharedSc != null) {
                    return sharedSc;
                }
                folded = Algebra.foldShortcut(kernel, ConvKernel.of(sc));
                absorbed.add(other);
            } else {
                return "the shortcut '" + other + "' is neither the input '" + x + "' of '" + main
                        + "' nor a conv reading it (" + kindOf(graph, other) + ")";
            }
        } catch (NotExactException e) {
            return e.getMessage();
        }
        for (String n : absorbed) {
            edit.remove(n);
        }
        absorbed.add(add.name());
        edit.replace(add.name(), new Node(main, folded.toConv2d(), x));
        edit.alias(add.name(), main);
        rewrites.add(new Rewrite("fold-shortcut", absorbed, main, add.name(),
                (absorbed.size() == 3 ? "projection shortcut, " : "identity shortcut, ") + folded.describe()));
        return null;
    }

    private static String kindOf(Graph graph, String value) {
        return graph.hasNode(value) ? "a " + graph.node(value).op().kind() : "a graph input";
    }

    /** Why the value {@code src} cannot disappear into its reader {@code reader}, or null when it can. */
    private static String sharedReason(Graph graph, String src, String reader) {
        if (src.equals(graph.output())) {
            return "'" + src + "' is the graph output";
        }
        List<String> others = new ArrayList<>(graph.consumers(src));
        others.remove(reader);
        if (!others.isEmpty()) {
            return "the output of '" + src + "' is also read by " + String.join(", ", others);
        }
        return null;
    }

    private static Pass.Rewritten finish(Graph graph, GraphEdit edit, List<Rewrite> rewrites, List<Skip> skips) {
        return new Pass.Rewritten(rewrites.isEmpty() ? graph : edit.build(), rewrites, skips);
    }
}
