package dev.shallowpi.zoo;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZooTest {
    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet34", "resnet20", "resnet32", "resnet56", "vgg16", "mobilenetv2"})
    void everyModelBuildsAndRunsAtSmallWidth(String name) {
        Graph g = Zoo.build(new ModelSpec(name, 0.125, 7, Shape.parse("3x32x32"), 1));
        assertEquals(Shape.of(7), g.outputShape());
        DoubleTensor y = ReferenceExecutor.run(g, DoubleTensor.randomNormal(3, 2, Shape.of(3, 32, 32)));
        assertArrayEquals(new int[] {2, 7}, y.shape());
        for (double v : y.data()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void theSeedFixesEveryWeight() {
        ModelSpec spec = new ModelSpec("resnet20", 0.25, 10, Shape.parse("1x28x28"), 42);
        Graph a = Zoo.build(spec);
        Graph b = Zoo.build(spec);
        Graph c = Zoo.build(new ModelSpec("resnet20", 0.25, 10, Shape.parse("1x28x28"), 43));
        assertEquals(a.nodes(), b.nodes());
        assertNotEquals(a.nodes(), c.nodes());
    }

    @Test
    void resnetBlocksHaveTorchStyleNamesAndProjections() {
        Graph g = Zoo.build(new ModelSpec("resnet18", 0.25, 10, Shape.parse("3x32x32"), 0));
        Node add = g.node("layer2.0.add");
        assertEquals(java.util.List.of("layer2.0.bn2", "layer2.0.shortcut.1"), add.inputs());
        assertEquals(java.util.List.of("layer1.0.bn2", "relu"), g.node("layer1.0.add").inputs());
        assertEquals(Shape.of(128, 4, 4), g.shape("layer4.1.relu2"));
    }

    @Test
    void widthRoundsChannels() {
        Graph g = Zoo.build(new ModelSpec("resnet18", 0.25, 10, Shape.parse("1x28x28"), 0));
        assertEquals(16, g.shape("conv1").channels());
        assertEquals(Shape.of(16, 28, 28), g.shape("layer1.1.relu2"));
        assertEquals(Shape.of(32, 14, 14), g.shape("layer2.0.relu2"));
        assertEquals(Shape.of(64, 7, 7), g.shape("layer3.0.relu2"));
        assertEquals(Shape.of(128, 4, 4), g.shape("layer4.0.relu2"));
    }

    @Test
    void specRejectsBadValues() {
        Shape in = Shape.parse("3x32x32");
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("resnet18", 0, 10, in, 0));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("resnet18", 1, 0, in, 0));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("resnet18", 1, 10, Shape.of(3, 32), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Zoo.build(new ModelSpec("resnet19", 1, 10, in, 0)));
        assertTrue(e.getMessage().contains("resnet19") && e.getMessage().contains("resnet18"));
    }

    @Test
    void vggNeedsAtLeast32Pixels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Zoo.build(new ModelSpec("vgg16", 0.25, 10, Shape.parse("1x28x28"), 0)));
        assertTrue(e.getMessage().contains("stage5.pool"), e.getMessage());
    }

    @Test
    void mobilenetChannelRoundingFollowsTorchvision() {
        assertEquals(32, MobileNetV2.divisible(32));
        assertEquals(8, MobileNetV2.divisible(4));
        assertEquals(16, MobileNetV2.divisible(12));
        assertEquals(24, MobileNetV2.divisible(21.6));
    }
}
