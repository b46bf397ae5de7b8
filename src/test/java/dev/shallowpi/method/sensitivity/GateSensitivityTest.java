package dev.shallowpi.method.sensitivity;

import dev.shallowpi.data.Augmentation;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateSensitivityTest {
    @Test
    void thePenaltyPullsGatesDownInProportionToWhatTheySave() {
        ImageSet calib = Splits.split(DatasetKind.FASHION_MNIST.train(Path.of("/usr/share/datasets/fashion-mnist")),
                512, 1).calibration();
        Graph teacher = Zoo.build(new ModelSpec("resnet20", 0.25, 10, Shape.parse("1x28x28"), 3));
        Map<String, Double> share = new LinkedHashMap<>();
        share.put("layer1.0.relu1", 0.5);
        share.put("layer3.2.relu1", 0.0);
        GateSensitivity.Settings s = new GateSensitivity.Settings(1, 64, 0.05, 2.0, new Distill(4, 0.9), 1);
        Map<String, Double> alpha = GateSensitivity.measure(teacher, share, new GateSensitivity.Images(calib,
                DatasetKind.FASHION_MNIST.normalization(), Augmentation.NONE), s, StepListener.NONE);
        assertEquals(share.keySet(), alpha.keySet());
        // the gate with a cost share is pushed well below 1; the free one only moves with the task loss
        assertTrue(alpha.get("layer1.0.relu1") < 0.8, alpha.toString());
        assertTrue(alpha.get("layer1.0.relu1") < alpha.get("layer3.2.relu1"), alpha.toString());
    }
}
