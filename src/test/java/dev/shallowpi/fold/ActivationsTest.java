package dev.shallowpi.fold;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --activation relu} on torchvision's models as PyTorch exported them: ReLU6, SiLU ({@code x * sigmoid(x)}) and
 * hard-swish ({@code x * hardsigmoid(x)}) become ReLUs, element for element; squeeze-excitation's gates and products
 * stay.
 */
class ActivationsTest {
    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "mobilenet_v3_small", "efficientnet_tiny"})
    void selfGatedAndCappedActivationsBecomeReluAndSqueezeExcitationStays(String name) {
        Graph g = OnnxImporter.read(Fixtures.file("torchvision/" + name + ".onnx")).graph();
        Graph relu = Activations.toRelu(g);
        Map<String, Long> before = CostAnalysis.of(g).nonlinearities();
        Map<String, Long> after = CostAnalysis.of(relu).nonlinearities();
        long gated = before.getOrDefault("product", 0L) - after.getOrDefault("product", 0L);
        assertEquals(before.getOrDefault("relu", 0L) + before.getOrDefault("relu6", 0L) + gated,
                after.getOrDefault("relu", 0L), name + ": each capped or self-gated element is one ReLU element");
        assertEquals(null, after.get("relu6"), name);
        long gates = before.getOrDefault("sigmoid", 0L) + before.getOrDefault("hard-sigmoid", 0L)
                - after.getOrDefault("sigmoid", 0L) - after.getOrDefault("hard-sigmoid", 0L);
        assertEquals(gated, gates, name + ": a self-gated activation's gate goes with its product");
        if (!name.equals("mobilenet_v2")) {
            assertTrue(gated > 0 && after.getOrDefault("product", 0L) > 0, name + ": SiLU or hard-swish replaced, "
                    + "squeeze-excitation kept: " + after);
        }
        assertEquals(CostAnalysis.of(g).macs(), CostAnalysis.of(relu).macs());
        DoubleTensor x = DoubleTensor.randomNormal(3, 2, g.inputs().get(0).shape());
        assertEquals(ReferenceExecutor.run(g, x).shape().length, ReferenceExecutor.run(relu, x).shape().length);
    }
}
