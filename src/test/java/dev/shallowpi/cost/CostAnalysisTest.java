package dev.shallowpi.cost;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The zoo's counts against the published figures of REFERENCE.md section 1 and the issue. */
class CostAnalysisTest {
    private static ModelCost cost(String name, double width, int classes, String input) {
        return CostAnalysis.of(Zoo.build(new ModelSpec(name, width, classes, Shape.parse(input), 0)));
    }

    @ParameterizedTest(name = "{0} x{1} {2} classes {3}")
    @CsvSource({
            // model, width, classes, input, ReLUs, MACs, params (-1: no published figure)
            "resnet18, 1.0,  100, 3x32x32, 557056, 555468800, 11220132",
            "resnet18, 1.0,  10,  3x32x32, 557056, 555422720, 11173962",
            "resnet18, 1.0,  10,  1x28x28, 434176, 455800832, 11172810",
            "resnet18, 0.25, 10,  1x28x28, 108544, 28573184,  701178",
            "resnet20, 1.0,  10,  3x32x32, 188416, 40813184,  272474",
            "resnet34, 1.0,  100, 3x32x32, 966656, 1159448576, 21328292",
            "vgg16,    1.0,  10,  3x32x32, 276480, 313201664, 14728266",
    })
    void matchesPublishedCounts(String model, double width, int classes, String input, long relus, long macs,
                                long params) {
        ModelCost c = cost(model, width, classes, input);
        assertEquals(relus, c.relus(), "ReLUs");
        assertEquals(macs, c.macs(), "MACs");
        assertEquals(params, c.params(), "params");
    }

    @Test
    void resnet18DepthsCountTheStemReluAndTheHead() {
        ModelCost c = cost("resnet18", 1.0, 100, "3x32x32");
        assertEquals(17, c.reluDepth());
        assertEquals(17, c.reluLayers());
        // stem + 16 block convs + fc on the longest path; the three 1x1 shortcuts sit on shorter paths
        assertEquals(18, c.linearDepth());
        assertEquals(20, c.convs());
    }

    @Test
    void perBlockFiguresOfResnet18() {
        ModelCost c = cost("resnet18", 1.0, 100, "3x32x32");
        assertEquals(37_748_736, layer(c, "layer1.0.conv2").macs());
        assertEquals(18_874_368, layer(c, "layer2.0.conv1").macs());
        assertEquals(2_097_152, layer(c, "layer2.0.shortcut.0").macs());
        assertEquals(65_536, layer(c, "layer1.0.relu1").relus());
        assertEquals(32_768, layer(c, "layer2.1.relu1").relus());
        assertEquals(16_384, layer(c, "layer3.0.relu1").relus());
        assertEquals(8_192, layer(c, "layer4.1.relu1").relus());
    }

    @Test
    void deeperCifarResnetsGrowBySixLayersPerStep() {
        // stem 16*32*32 + stages of n blocks with 2 ReLUs each: 16*1024, 32*256, 64*64 elements
        ModelCost r32 = cost("resnet32", 1.0, 10, "3x32x32");
        assertEquals(16384 + 10 * 16384 + 10 * 8192 + 10 * 4096, r32.relus());
        assertEquals(31, r32.reluDepth());
        ModelCost r56 = cost("resnet56", 1.0, 10, "3x32x32");
        assertEquals(55, r56.reluDepth());
        assertEquals(16384 + 18 * 16384 + 18 * 8192 + 18 * 4096, r56.relus());
    }

    @Test
    void mobilenetv2CountsDepthwiseMacsPerGroup() {
        ModelCost c = cost("mobilenetv2", 1.0, 10, "3x32x32");
        // first block: depthwise 3x3 over 32 channels at 32x32 = 32*32*32*9 MACs, no expand conv (t = 1)
        assertEquals(32L * 32 * 32 * 9, layer(c, "features.1.dw.conv").macs());
        // stem + 17 blocks (dw ReLU each, expand ReLU for the 16 with t = 6) + last 1x1 conv
        assertEquals(1 + 17 + 16 + 1, c.reluLayers());
        Graph g = Zoo.build(new ModelSpec("mobilenetv2", 1.0, 10, Shape.parse("3x32x32"), 0));
        assertEquals(Shape.of(1280, 4, 4), g.shape("features.18.relu"));
    }

    private static LayerCost layer(ModelCost c, String name) {
        return c.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }
}
