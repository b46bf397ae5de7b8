package dev.shallowpi.onnx;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.fold.Passes;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PyTorch fixtures cost what the matching zoo models cost. A PRESERVE export keeps its BNs, so every count
 * matches the zoo model; an EVAL export has its BNs folded into conv biases, so its parameters match the zoo model
 * after the same fold (a bias of C per conv instead of a BN's 2C) and everything else matches as it is.
 */
class FixtureCountsTest {
    private static final double WIDTH = 0.03125; // 64 -> 2 channels, as make_fixtures.py builds them

    private static ModelCost imported(String name) {
        return CostAnalysis.of(OnnxImporter.read(Fixtures.model(name)).graph());
    }

    private static Graph zoo(String name, Shape input) {
        return Zoo.build(new ModelSpec(name, WIDTH, 10, input, 0));
    }

    private static void assertSameCounts(ModelCost expected, ModelCost actual, boolean params) {
        assertEquals(expected.relus(), actual.relus(), "ReLUs");
        assertEquals(expected.macs(), actual.macs(), "MACs");
        assertEquals(expected.reluDepth(), actual.reluDepth(), "ReLU depth");
        assertEquals(expected.linearDepth(), actual.linearDepth(), "linear depth");
        assertEquals(expected.reluLayers(), actual.reluLayers(), "ReLU layers");
        assertEquals(expected.convs(), actual.convs(), "convs");
        if (params) {
            assertEquals(expected.params(), actual.params(), "params");
        }
    }

    @Test
    void preserveExportCountsAsTheZooResnet18() {
        ModelCost zoo = CostAnalysis.of(zoo("resnet18", Shape.of(1, 28, 28)));
        assertSameCounts(zoo, imported(Fixtures.RESNET18_PRESERVE), true);
    }

    @Test
    void evalExportCountsAsTheZooResnet18WithItsBatchNormsFolded() {
        Graph zoo = zoo("resnet18", Shape.of(1, 28, 28));
        ModelCost eval = imported(Fixtures.RESNET18_EVAL);
        assertSameCounts(CostAnalysis.of(zoo), eval, false);
        assertEquals(CostAnalysis.of(Passes.foldBatchNorm(zoo).graph()).params(), eval.params());
    }

    @Test
    void vggWithViewCountsAsTheZooVgg16WithItsBatchNormsFolded() {
        Graph zoo = zoo("vgg16", Shape.of(3, 32, 32));
        ModelCost vgg = imported(Fixtures.VGG_VIEW);
        assertSameCounts(CostAnalysis.of(zoo), vgg, false);
        assertEquals(CostAnalysis.of(Passes.foldBatchNorm(zoo).graph()).params(), vgg.params());
    }
}
