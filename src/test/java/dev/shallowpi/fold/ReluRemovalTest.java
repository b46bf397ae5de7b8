package dev.shallowpi.fold;

import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReluRemovalTest {
    static Graph model(String name, double width) {
        return Zoo.build(new ModelSpec(name, width, 10, Shape.parse("3x32x32"), 0));
    }

    @Test
    void innerRelusAreThoseInsideResidualSpans() {
        List<String> r18 = ReluRemoval.innerRelus(model("resnet18", 0.125));
        assertEquals(8, r18.size());
        assertTrue(r18.stream().allMatch(n -> n.endsWith(".relu1")), r18.toString());
        assertEquals("layer1.0.relu1", r18.get(0));
        // inverted residuals: the expansion's and the depthwise conv's ReLU, only in blocks with an add
        List<String> mb = ReluRemoval.innerRelus(model("mobilenetv2", 0.25));
        assertTrue(mb.contains("features.3.expand.relu") && mb.contains("features.3.dw.relu"), mb.toString());
        assertFalse(mb.contains("features.4.dw.relu"), "features.4 has stride 2: no residual add");
        assertTrue(ReluRemoval.innerRelus(model("vgg16", 0.125)).isEmpty());
    }

    @Test
    void droppingInnerRelusPutsEachPairInMergeReadyForm() {
        Graph g = model("resnet18", 0.125);
        ReluRemoval.Result r = ReluRemoval.drop(g, ReluRemoval.innerRelus(g));
        Graph d = r.graph();
        assertEquals(9, d.nodes().stream().filter(n -> n.op() instanceof Relu).count());
        assertEquals(8, r.mergeReady().size());
        assertEquals(Padding.same(2), ((Conv2d) d.node("layer1.0.conv1").op()).padding(), "1 + 1*1");
        assertEquals(Padding.same(3), ((Conv2d) d.node("layer2.0.conv1").op()).padding(), "1 + 2*1");
        assertEquals(Padding.NONE, ((Conv2d) d.node("layer2.0.conv2").op()).padding());
        assertEquals(g.shape("layer2.0.bn2"), d.shape("layer2.0.bn2"), "the block's output size is unchanged");
        assertEquals(Shape.of(16, 18, 18), d.shape("layer2.0.conv1"), "the first conv computes the border too");
        assertTrue(r.skips().isEmpty());
    }

    @Test
    void paddingMovesBackThroughAChainOfThreeConvs() {
        // mobilenetv2: expand 1x1 -> dw 3x3 (padding 1) -> project 1x1; with both ReLUs dropped the depthwise
        // conv's padding ends up on the expansion, scaled by its stride 1
        Graph g = model("mobilenetv2", 0.25);
        ReluRemoval.Result r = ReluRemoval.drop(g, ReluRemoval.innerRelus(g));
        Graph d = r.graph();
        assertEquals(Padding.same(1), ((Conv2d) d.node("features.3.expand.conv").op()).padding());
        assertEquals(Padding.NONE, ((Conv2d) d.node("features.3.dw.conv").op()).padding());
        assertEquals(Padding.NONE, ((Conv2d) d.node("features.3.project.conv").op()).padding());
    }

    @Test
    void onlyReluNodesCanBeDropped() {
        Graph g = model("resnet20", 0.25);
        assertThrows(IllegalArgumentException.class, () -> ReluRemoval.drop(g, List.of("layer1.0.conv1")));
    }
}
