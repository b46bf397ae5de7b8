package dev.shallowpi.fold;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole of {@code shallowpi fold} on zoo models; the ResNet-18 figures at width 0.25. */
class FoldPipelineTest {
    static Graph model(String name, double width, int classes, String input) {
        return RandomBatchNorm.randomize(Zoo.build(new ModelSpec(name, width, classes, Shape.parse(input), 0)), 1);
    }

    @Test
    void resnet18WithInnerRelusDroppedBecomesNineConvs() {
        FoldPipeline.Outcome o = FoldPipeline.run(model("resnet18", 0.25, 100, "3x32x32"),
                FoldPipeline.DropRelus.INNER, Probe.standard());
        ModelCost after = CostAnalysis.of(o.result());
        assertEquals(9, after.convs(), "the stem and one conv per BasicBlock");
        assertEquals(9, after.reluDepth());
        assertEquals(10, after.linearDepth(), "9 convs and the linear head");
        assertEquals(311296 / 4, after.relus(), "557,056 less the 245,760 inner ReLUs, at a quarter width");
        assertTrue(o.endToEnd().maxRelDiff() <= 1e-4, o.endToEnd().toString());
        assertTrue(o.endToEnd().samples() == Probe.DEFAULT_SAMPLES);
        for (Node n : o.result().nodes()) {
            assertTrue(!(n.op() instanceof BatchNorm) && !(n.op() instanceof Add), n.name());
            if (n.op() instanceof Conv2d c && n.name().startsWith("layer")) {
                boolean strided = n.name().endsWith(".0.conv1+conv2") && !n.name().startsWith("layer1");
                assertEquals(strided ? Hw.square(7) : Hw.square(5), c.kernel(), n.name());
                assertEquals(strided ? Hw.square(2) : Hw.square(1), c.stride(), n.name());
                assertEquals(Padding.same(strided ? 3 : 2), c.padding(), n.name());
            }
        }
        assertTrue(o.skips().isEmpty(), o.skips().toString());
        assertEquals(8 + 8 + 20, o.rewrites().size(), "8 merges, 8 shortcuts, 20 BNs");
    }

    @Test
    void aPipelineIsAListOfPassesRunInOrder() {
        Graph g = model("resnet18", 0.25, 10, "3x32x32");
        FoldPipeline.Outcome bnOnly = FoldPipeline.run(g, FoldPipeline.DropRelus.INNER, FoldPipeline.BATCH_NORM_ONLY,
                Probe.standard());
        assertEquals(List.of(Passes.FOLD_BN), bnOnly.passes().stream().map(PassResult::pass).toList());
        assertEquals(20, bnOnly.rewrites().size(), "every BN folded, nothing merged");
        assertEquals(CostAnalysis.of(bnOnly.reference()).convs(), CostAnalysis.of(bnOnly.result()).convs());
        FoldPipeline.Outcome all = FoldPipeline.run(g, FoldPipeline.DropRelus.INNER, Probe.standard());
        assertEquals(List.of(Passes.FOLD_BN, Passes.MERGE, Passes.FOLD_SHORTCUTS),
                all.passes().stream().map(PassResult::pass).toList());
        assertEquals(9, CostAnalysis.of(all.result()).convs());
    }

    @Test
    void aPassCannotSkipItsCheck() {
        Graph g = model("resnet20", 0.25, 10, "3x16x16");
        // a "fold" that drops the first BN without folding it: running it as a pass must catch the change
        Pass careless = new Pass("careless", graph -> {
            Node bn = graph.nodes().stream().filter(n -> n.op() instanceof BatchNorm).findFirst()
                    .orElseThrow();
            GraphEdit edit = new GraphEdit(graph);
            edit.replace(bn.name(), new Node(bn.name(), new dev.shallowpi.ir.Identity(),
                    bn.inputs().get(0)));
            return new Pass.Rewritten(edit.build(), List.of(new Rewrite("careless", List.of(bn.name()), bn.name(),
                    bn.name(), "dropped")), List.of());
        });
        FoldCheckException e = assertThrows(FoldCheckException.class,
                () -> FoldPipeline.run(g, FoldPipeline.DropRelus.NONE, List.of(careless),
                        Probe.standard()));
        assertTrue(e.getMessage().startsWith("careless failed its own check"), e.getMessage());
    }

    @Test
    void withoutDroppingOnlyBnFoldsAndTheRestIsNamedAsNotMerged() {
        FoldPipeline.Outcome o = FoldPipeline.run(model("resnet20", 0.25, 10, "3x16x16"),
                FoldPipeline.DropRelus.NONE, Probe.standard());
        ModelCost before = CostAnalysis.of(o.original());
        ModelCost after = CostAnalysis.of(o.result());
        assertEquals(before.convs(), after.convs());
        assertEquals(before.relus(), after.relus());
        assertEquals(before.macs(), after.macs());
        assertEquals(9, o.skips().size(), "every residual add: " + o.skips());
        assertTrue(o.endToEnd().maxRelDiff() <= 1e-4);
    }

    @Test
    void mobilenetInvertedResidualsMergeIntoOneConvEach() {
        FoldPipeline.Outcome o = FoldPipeline.run(model("mobilenetv2", 0.25, 10, "3x16x16"),
                FoldPipeline.DropRelus.INNER, Probe.standard());
        ModelCost after = CostAnalysis.of(o.result());
        // 10 blocks with an add become one 3x3 conv each, the add folded as an identity shortcut
        assertEquals(0, o.result().nodes().stream().filter(n -> n.op() instanceof Add).count());
        assertTrue(o.result().hasNode("features.3.expand.conv+dw.conv+project.conv"));
        assertTrue(after.convs() < CostAnalysis.of(o.original()).convs());
        assertTrue(o.endToEnd().maxRelDiff() <= 1e-4);
    }

    @Test
    void innerOnAModelWithoutResidualBlocksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FoldPipeline.run(model("vgg16", 0.125, 10, "3x32x32"),
                FoldPipeline.DropRelus.INNER, Probe.standard()));
    }
}
