package dev.shallowpi.fold;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.ReferenceKernels;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Removing ReLU layers, and putting each conv pair a removal leaves behind into merge-ready form
 * ({@link Algebra#mergeReady}). Unlike the fold passes this changes what the model computes (that is its
 * purpose), so its check is narrower: each rewritten pair must equal the pair without the ReLU wherever that
 * pair never read its padding.
 */
public final class ReluRemoval {
    public static final String PASS = "drop-relus";

    private ReluRemoval() {
    }

    /**
     * What {@link #drop} did.
     *
     * @param dropped    the ReLU nodes removed
     * @param mergeReady the conv pairs whose padding moved to the first conv
     * @param skips      removed ReLUs that left no conv pair behind (nothing to merge there)
     */
    public record Result(Graph graph, List<String> dropped, List<Rewrite> mergeReady, List<Skip> skips,
                         double rewriteSeconds, double checkSeconds) {
        public Result {
            dropped = List.copyOf(dropped);
            mergeReady = List.copyOf(mergeReady);
            skips = List.copyOf(skips);
        }
    }

    /**
     * The ReLUs inside residual spans, in graph order: for every add, the nodes that lie on one of its two
     * branches but not before the point where the branches part (the ReLU after the add is outside). In a
     * BasicBlock that is the inner ReLU; in an inverted residual both the expansion's and the depthwise conv's.
     */
    public static List<String> innerRelus(Graph graph) {
        Set<String> found = new HashSet<>();
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof Add)) {
                continue;
            }
            Set<String> a = ancestors(graph, n.inputs().get(0));
            Set<String> b = ancestors(graph, n.inputs().get(1));
            Set<String> span = new HashSet<>(a);
            span.addAll(b);
            Set<String> common = new HashSet<>(a);
            common.retainAll(b);
            span.removeAll(common);
            for (String s : span) {
                if (graph.hasNode(s) && graph.node(s).op() instanceof Relu) {
                    found.add(s);
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (found.contains(n.name())) {
                ordered.add(n.name());
            }
        }
        return ordered;
    }

    /** The value and every value it depends on. */
    private static Set<String> ancestors(Graph graph, String value) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(value));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (seen.add(v) && graph.hasNode(v)) {
                todo.addAll(graph.node(v).inputs());
            }
        }
        return seen;
    }

    /**
     * Removes the named ReLU nodes (their readers read the ReLU's input instead) and puts every conv pair this
     * leaves adjacent ({@code conv -> [bn] ->} (removed ReLU) {@code -> conv}, nothing else reading between) into
     * merge-ready form, checking each pair on a random input.
     */
    public static Result drop(Graph graph, Collection<String> relus) {
        long t0 = System.nanoTime();
        GraphEdit edit = new GraphEdit(graph);
        Set<String> names = new LinkedHashSet<>(relus);
        for (String r : names) {
            if (!graph.hasNode(r) || !(graph.node(r).op() instanceof Relu)) {
                throw new IllegalArgumentException("'" + r + "' is not a ReLU node of the graph");
            }
            edit.remove(r);
            edit.alias(r, graph.node(r).inputs().get(0));
        }
        Graph g = edit.build();
        List<Skip> skips = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        for (String r : names) {
            String[] pair = pairAt(g, graph.node(r).inputs().get(0));
            if (pair == null) {
                skips.add(new Skip(PASS, List.of(r), "removed; no conv pair around it to merge"));
            } else {
                pairs.add(pair);
            }
        }
        // Last pair first: moving a second conv's padding onto its first conv may give that conv padding which
        // must in turn move further back when it is itself the second conv of an earlier pair.
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            position.put(g.nodes().get(i).name(), i);
        }
        pairs.sort((x, y) -> Integer.compare(position.get(y[2]), position.get(x[2])));
        Map<String, Conv2d> current = new HashMap<>();
        List<Rewrite> rewrites = new ArrayList<>();
        double checkSeconds = 0;
        for (String[] p : pairs) {
            Conv2d first = current.computeIfAbsent(p[0], n -> (Conv2d) g.node(n).op());
            Conv2d second = current.computeIfAbsent(p[2], n -> (Conv2d) g.node(n).op());
            if (second.padding().equals(Padding.NONE)) {
                continue;
            }
            // Only the paddings change: the new convs share the old weight tensors (immutable), nothing is copied.
            Padding moved = Algebra.mergeReadyPadding(first.padding(), first.stride(), second.padding());
            Conv2d readyFirst = withPadding(first, moved);
            Conv2d readySecond = withPadding(second, Padding.NONE);
            BatchNorm bn = p[1] == null ? null : (BatchNorm) g.node(p[1]).op();
            long c0 = System.nanoTime();
            checkInterior(ConvKernel.of(first), bn, ConvKernel.of(second),
                    new Algebra.Pair(ConvKernel.of(readyFirst), ConvKernel.of(readySecond)),
                    g.shape(g.node(p[0]).inputs().get(0)), p);
            checkSeconds += (System.nanoTime() - c0) / 1e9;
            current.put(p[0], readyFirst);
            current.put(p[2], readySecond);
            rewrites.add(new Rewrite("merge-ready", p[1] == null ? List.of(p[0], p[2]) : List.of(p[0], p[1], p[2]),
                    p[2], p[2], "padding " + second.padding() + " of " + p[2] + " moved to " + p[0] + " (now "
                    + moved + ")"));
        }
        List<Node> nodes = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            Conv2d c = current.get(n.name());
            nodes.add(c == null ? n : n.withOp(c));
        }
        Graph out = current.isEmpty() ? g : g.withNodes(nodes);
        java.util.Collections.reverse(rewrites);
        double total = (System.nanoTime() - t0) / 1e9;
        return new Result(out, new ArrayList<>(names), rewrites, skips, total - checkSeconds, checkSeconds);
    }

    private static Conv2d withPadding(Conv2d c, Padding p) {
        return new Conv2d(c.weight(), c.bias(), c.stride(), p, c.dilation(), c.groups());
    }

    /** {conv1, bn or null, conv2} when {@code value} is the end of conv1 [-> bn] and only conv2 reads it. */
    private static String[] pairAt(Graph g, String value) {
        if (!g.hasNode(value) || value.equals(g.output()) || g.consumers(value).size() != 1) {
            return null;
        }
        Node second = g.node(g.consumers(value).get(0));
        if (!(second.op() instanceof Conv2d)) {
            return null;
        }
        Node v = g.node(value);
        if (v.op() instanceof Conv2d) {
            return new String[] {value, null, second.name()};
        }
        if (v.op() instanceof BatchNorm && g.hasNode(v.inputs().get(0))) {
            String src = v.inputs().get(0);
            if (g.node(src).op() instanceof Conv2d && g.consumers(src).size() == 1 && !src.equals(g.output())) {
                return new String[] {src, value, second.name()};
            }
        }
        return null;
    }

    /**
     * The merge-ready pair against the pair it came from, on one random input no larger than 20x20 (a conv is
     * the same at every position, so a crop exercises every tap and both borders): equal, to the last bit in
     * practice, at every output the old pair computed without reading its padding.
     */
    private static void checkInterior(ConvKernel first, BatchNorm bn, ConvKernel second, Algebra.Pair ready,
                                      Shape in, String[] names) {
        int h = Math.min(in.height(), 20);
        int w = Math.min(in.width(), 20);
        if (isEmpty(interior(first, second, h, true)) || isEmpty(interior(first, second, w, false))) {
            h = in.height();
            w = in.width();
        }
        int[] rows = interior(first, second, h, true);
        int[] cols = interior(first, second, w, false);
        if (isEmpty(rows) || isEmpty(cols)) {
            return; // the pair reads padding everywhere on this input: there is no interior to compare
        }
        DoubleTensor x = DoubleTensor.zeros(1, in.channels(), h, w);
        Random r = new Random(h * 31L + w);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = r.nextGaussian();
        }
        DoubleTensor a = runPair(first, bn, second, x);
        DoubleTensor b = runPair(ready.first(), bn, ready.second(), x);
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new FoldCheckException(PASS + " failed its own check: the merge-ready pair " + names[0] + " -> "
                    + names[2] + " changes the output shape");
        }
        int oc = a.shape()[1];
        int oh = a.shape()[2];
        int ow = a.shape()[3];
        double diff = 0;
        double scale = 0;
        for (int c = 0; c < oc; c++) {
            for (int y = rows[0]; y <= rows[1]; y++) {
                for (int xx = cols[0]; xx <= cols[1]; xx++) {
                    int i = (c * oh + y) * ow + xx;
                    diff = Math.max(diff, Math.abs(a.data()[i] - b.data()[i]));
                    scale = Math.max(scale, Math.abs(a.data()[i]));
                }
            }
        }
        if (diff > 1e-12 * scale) {
            throw new FoldCheckException(String.format(Locale.ROOT, "%s failed its own check: the merge-ready pair "
                    + "%s -> %s differs from the original in the interior by %.3g (of %.3g)", PASS, names[0],
                    names[2], diff, scale));
        }
    }

    private static boolean isEmpty(int[] range) {
        return range[1] < range[0];
    }

    private static DoubleTensor runPair(ConvKernel first, BatchNorm bn, ConvKernel second, DoubleTensor x) {
        DoubleTensor y = first.apply(x);
        if (bn != null) {
            y = ReferenceKernels.batchNorm(y, bn);
        }
        return second.apply(y);
    }

    /**
     * First and last output index, along one axis, at which the original second conv reads no padding: its
     * window {@code j*s2 - P2 + d2*v} stays inside the first conv's original output.
     */
    private static int[] interior(ConvKernel first, ConvKernel second, int size, boolean height) {
        int mid = first.outputSize(size, height);
        int s2 = height ? second.stride().h() : second.stride().w();
        int d2 = height ? second.dilation().h() : second.dilation().w();
        int k2 = height ? second.size().h() : second.size().w();
        int pad = height ? second.padding().top() : second.padding().left();
        int lo = (pad + s2 - 1) / s2;
        int hi = Math.floorDiv(mid - 1 + pad - d2 * (k2 - 1), s2);
        int outs = second.outputSize(mid, height);
        return new int[] {lo, Math.min(hi, outs - 1)};
    }
}
