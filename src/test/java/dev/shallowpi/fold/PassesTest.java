package dev.shallowpi.fold;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PassesTest {
    static Graph model(String name, double width, String input) {
        return RandomBatchNorm.randomize(Zoo.build(new ModelSpec(name, width, 10, Shape.parse(input), 3)), 4);
    }

    static Conv2d conv(int in, int out, int k, int stride, int pad, long seed) {
        Random r = new Random(seed);
        Tensor w = Tensor.generate(new int[] {out, in, k, k}, i -> r.nextGaussian() * 0.3);
        Tensor b = Tensor.generate(new int[] {out}, i -> r.nextGaussian() * 0.1);
        return new Conv2d(w, b, Hw.square(stride), Padding.same(pad), Hw.square(1), 1);
    }

    static long count(Graph g, Class<?> op) {
        return g.nodes().stream().filter(n -> op.isInstance(n.op())).count();
    }

    @Test
    void foldBatchNormRemovesEveryBnOfAResnetAndKeepsItsFunction() {
        Graph g = model("resnet20", 0.25, "3x16x16");
        PassResult r = Passes.foldBatchNorm(g);
        assertEquals(21, r.rewrites().size(), "stem + 18 in blocks + 2 projection shortcuts");
        assertEquals(0, count(r.graph(), BatchNorm.class));
        assertEquals(count(g, Conv2d.class), count(r.graph(), Conv2d.class));
        assertTrue(r.check().samples() > 0 && r.check().maxRelDiff() < 1e-5, r.check().toString());
        assertTrue(r.graph().hasNode("layer1.0.conv1"), "folded convs keep their names");
        assertEquals(21, count(g, BatchNorm.class), "the input graph is unchanged");
    }

    @Test
    void foldBatchNormWorksWithConvBiasesAndReportsBnsItCannotFold() {
        Graph vgg = model("vgg16", 0.125, "3x32x32");
        PassResult r = Passes.foldBatchNorm(vgg);
        assertEquals(13, r.rewrites().size());
        assertEquals(0, count(r.graph(), BatchNorm.class));
        // a BN after an add, and one whose conv output is also read elsewhere
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(2, 6, 6));
        String c = b.add("c", conv(2, 2, 3, 1, 1, 1), "x");
        String s = b.add("sum", new Add(), c, "x");
        String bn1 = b.add("bn1", bn(2), s);
        Graph g = b.build(bn1);
        PassResult none = Passes.foldBatchNorm(g);
        assertTrue(none.rewrites().isEmpty());
        assertSame(g, none.graph(), "nothing to do: the same graph back");
        assertEquals(1, none.skips().size());
        assertTrue(none.skips().get(0).reason().contains("add"), none.skips().toString());
    }

    @Test
    void originalResnetHasNothingToMergeOrFoldAndSaysWhy() {
        Graph g = Passes.foldBatchNorm(model("resnet20", 0.25, "3x16x16")).graph();
        PassResult merge = Passes.mergeLinearChains(g);
        assertTrue(merge.rewrites().isEmpty(), "ReLUs sit between every pair of convs");
        PassResult shortcuts = Passes.foldShortcuts(g);
        assertTrue(shortcuts.rewrites().isEmpty());
        assertEquals(9, shortcuts.skips().size(), "one per residual add: " + shortcuts.skips());
        assertTrue(shortcuts.skips().get(0).reason().contains("not a single conv"), shortcuts.skips().toString());
    }

    @Test
    void aConvPairWhoseIntermediateHasAnotherReaderIsLeftAloneAndNamed() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(3, 8, 8));
        String c1 = b.add("c1", conv(3, 4, 3, 1, 1, 1), "x");
        String c2 = b.add("c2", conv(4, 4, 3, 1, 0, 2), c1);
        String side = b.add("side", conv(4, 4, 3, 1, 0, 3), c1);
        String sum = b.add("sum", new Add(), c2, side);
        Graph g = b.build(sum);
        PassResult r = Passes.mergeLinearChains(g);
        assertTrue(r.rewrites().isEmpty());
        assertSame(g, r.graph());
        assertEquals(2, r.skips().size(), r.skips().toString());
        assertTrue(r.skips().get(0).nodes().equals(List.of("c1", "c2")));
        assertTrue(r.skips().get(0).reason().contains("also read by side"), r.skips().get(0).reason());
    }

    @Test
    void aPaddedSecondConvIsNotMergeReadyAndIsLeftAloneWithTheReason() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(3, 8, 8));
        String c1 = b.add("c1", conv(3, 4, 3, 1, 1, 1), "x");
        String c2 = b.add("c2", conv(4, 4, 3, 1, 1, 2), c1);
        Graph g = b.build(c2);
        PassResult r = Passes.mergeLinearChains(g);
        assertTrue(r.rewrites().isEmpty());
        assertEquals(1, r.skips().size());
        assertEquals(List.of("c1", "c2"), r.skips().get(0).nodes());
        assertTrue(r.skips().get(0).reason().contains("padding"), r.skips().get(0).reason());
    }

    @Test
    void aRunIsCutWhereAMergeWouldNotBeExactAndTheRestMerges() {
        // c1 -> c2 (padded: not mergeable with c1) -> c3 (unpadded: merges with c2) -> c4 (unpadded)
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(2, 12, 12));
        String y = b.add("m.c1", conv(2, 3, 3, 1, 1, 1), "x");
        y = b.add("m.c2", conv(3, 3, 3, 2, 1, 2), y);
        y = b.add("m.c3", conv(3, 4, 3, 1, 0, 3), y);
        y = b.add("m.c4", conv(4, 2, 1, 1, 0, 4), y);
        Graph g = b.build(y);
        PassResult r = Passes.mergeLinearChains(g);
        assertEquals(1, r.rewrites().size());
        Rewrite w = r.rewrites().get(0);
        assertEquals(List.of("m.c2", "m.c3", "m.c4"), w.nodes());
        assertEquals("m.c2+c3+c4", w.into());
        assertEquals(2, count(r.graph(), Conv2d.class));
        Conv2d merged = (Conv2d) r.graph().node("m.c2+c3+c4").op();
        assertEquals(Hw.square(7), merged.kernel(), "3 + 2*(3-1) + 2*(1-1)");
        assertEquals(r.graph().output(), "m.c2+c3+c4");
        assertEquals(List.of("m.c1", "m.c2"), r.skips().get(0).nodes());
    }

    @Test
    void deploymentLeavesALinkThatWouldCostMoreMacsUnlessItWasChosen() {
        // a bottleneck: 8 -> 2 -> 8 channels costs 32 MACs a pixel as two 1x1 convs, 64 as one
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(8, 5, 5));
        String y = b.add("down", conv(8, 2, 1, 1, 0, 5), "x");
        y = b.add("up", conv(2, 8, 1, 1, 0, 6), y);
        Graph g = b.build(y);
        PassResult kept = Passes.linearChains(java.util.Set.of()).run(g, Probe.standard());
        assertEquals(2, count(kept.graph(), Conv2d.class));
        assertEquals(List.of("down", "up"), kept.skips().get(0).nodes());
        assertTrue(kept.skips().get(0).reason().contains("1600 MACs, the two cost 800"), kept.skips().toString());
        assertEquals(1, count(Passes.linearChains(java.util.Set.of("up")).run(g, Probe.standard()).graph(),
                Conv2d.class), "chosen: merged as asked");
        assertEquals(1, count(Passes.mergeLinearChains(g).graph(), Conv2d.class), "the fold merges every link");
        // and the other way round, 2 -> 8 -> 2, one conv is cheaper: merged
        GraphBuilder w = new GraphBuilder().input("x", Shape.of(2, 5, 5));
        String z = w.add("up", conv(2, 8, 1, 1, 0, 7), "x");
        z = w.add("down", conv(8, 2, 1, 1, 0, 8), z);
        assertEquals(1, count(Passes.linearChains(java.util.Set.of()).run(w.build(z), Probe.standard()).graph(),
                Conv2d.class));
    }

    @Test
    void linearLayersMergeAfterTheirBnFolds() {
        Random rnd = new Random(2);
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(6));
        String y = b.add("fc1", new Linear(Tensor.generate(new int[] {5, 6}, i -> rnd.nextGaussian()), null), "x");
        y = b.add("bn", bn(5), y);
        y = b.add("fc2", new Linear(Tensor.generate(new int[] {3, 5}, i -> rnd.nextGaussian()),
                Tensor.generate(new int[] {3}, i -> rnd.nextGaussian())), y);
        Graph g = b.build(y);
        Graph folded = Passes.foldBatchNorm(g).graph();
        PassResult r = Passes.mergeLinearChains(folded);
        assertEquals(1, r.graph().nodes().size());
        assertEquals("fc1+fc2", r.graph().output());
        assertTrue(r.check().maxRelDiff() < 1e-5);
    }

    static BatchNorm bn(int c) {
        Random r = new Random(c);
        int[] s = {c};
        return new BatchNorm(Tensor.generate(s, i -> 0.5 + r.nextDouble()), Tensor.generate(s, i -> r.nextGaussian()),
                Tensor.generate(s, i -> r.nextGaussian()), Tensor.generate(s, i -> 0.5 + r.nextDouble()), 1e-3, 0.1);
    }

    @Test
    void shortcutsFoldOnlyWhereTheWholeResidualSpanIsOneConv() {
        // add(conv3x3 p1 (x), x) folds; add(conv(x), relu(x)) does not
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(3, 6, 6));
        String c = b.add("c", conv(3, 3, 3, 1, 1, 1), "x");
        String s = b.add("s", new Add(), c, "x");
        String r1 = b.add("r", new Relu(), s);
        String c2 = b.add("c2", conv(3, 3, 3, 1, 1, 2), r1);
        String r2 = b.add("r2", new Relu(), r1);
        String s2 = b.add("s2", new Add(), c2, r2);
        Graph g = b.build(s2);
        PassResult r = Passes.foldShortcuts(g);
        assertEquals(1, r.rewrites().size());
        assertEquals(List.of("c", "s"), r.rewrites().get(0).nodes());
        assertFalse(r.graph().hasNode("s"));
        assertEquals(1, r.skips().size());
        assertEquals(List.of("s2"), r.skips().get(0).nodes());
        assertTrue(r.check().maxRelDiff() < 1e-5);
    }

    @Test
    void aWrongRewriteFailsTheCheckNamingTheNode() {
        Graph g = model("resnet20", 0.25, "3x16x16");
        PassResult r = Passes.foldBatchNorm(g);
        // spoil one folded conv: the check must name it, not just say that the output moved
        List<Node> nodes = new java.util.ArrayList<>(r.graph().nodes());
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals("layer2.1.conv1")) {
                Conv2d c = (Conv2d) nodes.get(i).op();
                float[] w = c.weight().toFloatArray();
                w[0] += 1f;
                nodes.set(i, nodes.get(i).withOp(new Conv2d(Tensor.of(c.weight().shape(), w), c.bias(), c.stride(),
                        c.padding(), c.dilation(), c.groups())));
            }
        }
        Graph broken = r.graph().withNodes(nodes);
        FoldCheckException e = assertThrows(FoldCheckException.class,
                () -> Probe.standard().verify("test", g, broken, r.rewrites()));
        assertTrue(e.getMessage().contains("'layer2.1.conv1'"), e.getMessage());
    }

    @Test
    void mergedNamesShareTheirPrefixOnceAndStayUnique() {
        Graph g = new GraphBuilder().input("a.b.c1+c2", Shape.of(1)).build("a.b.c1+c2");
        assertEquals("a.b.c1+c2#2", Passes.mergedName(g, List.of("a.b.c1", "a.b.c2")));
        assertEquals("a.x+b.y", Passes.mergedName(g, List.of("a.x", "b.y")));
        assertEquals("l1.0.conv1+l1.1.conv1", Passes.mergedName(g, List.of("l1.0.conv1", "l1.1.conv1")));
        assertEquals("f.3.expand.conv+dw.conv+project.conv",
                Passes.mergedName(g, List.of("f.3.expand.conv", "f.3.dw.conv", "f.3.project.conv")));
    }

    /**
     * Channel gathers and concats are no layers to fold: each pass leaves them alone and says so by name (a BN
     * reading a gather, convs with a gather between them, a join whose branch is a concat), and the result still
     * checks against the input.
     */
    @Test
    void passesLeaveGathersAndConcatsAloneAndNameThem() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(4, 6, 6));
        String c1 = b.add("c1", conv(4, 4, 3, 1, 1, 1), "x");
        String g1 = b.add("g1", new dev.shallowpi.ir.ChannelGather(new int[] {2, 0, 3, 1}), c1);
        String bn = b.add("bn", new BatchNorm(Tensor.filled(new int[] {4}, 0.5f), Tensor.filled(new int[] {4}, 0.1f),
                Tensor.filled(new int[] {4}, 0.2f), Tensor.filled(new int[] {4}, 2f), 1e-5, 0.1), g1);
        String c2 = b.add("c2", conv(4, 2, 1, 1, 0, 2), bn);
        String g2 = b.add("g2", new dev.shallowpi.ir.ChannelGather(new int[] {0, 1}), "x");
        String cat = b.add("cat", new dev.shallowpi.ir.Concat(2), c2, g2);
        String add = b.add("add", new Add(), cat, "x");
        Graph g = b.build(add);
        FoldPipeline.Outcome o = FoldPipeline.run(g, FoldPipeline.DropRelus.NONE, Probe.standard());
        List<String> skips = o.skips().stream().map(Skip::toString).toList();
        assertTrue(skips.stream().anyMatch(sk -> sk.contains("bn") && sk.contains("a gather")), skips.toString());
        assertTrue(skips.stream().anyMatch(sk -> sk.contains("add") && sk.contains("a concat")), skips.toString());
        assertEquals(g.nodes(), o.result().nodes(), "nothing here can fold");
        assertTrue(o.endToEnd().maxRelDiff() == 0, "unchanged: " + o.endToEnd().maxRelDiff());
    }
}
