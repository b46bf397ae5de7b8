package dev.shallowpi.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.data.Npy;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small members of torchvision's CNN families, exported by PyTorch (src/test/resources/onnx/torchvision/
 * make_torchvision_fixtures.py): each imports, counts MACs and each kind of nonlinearity exactly as PyTorch's forward
 * hooks did, reproduces PyTorch's outputs in the reference executor and in the engine, and round-trips through
 * export, ONNX Runtime and import.
 */
class TorchvisionFamiliesTest {
    @TempDir
    Path dir;

    private static Path fixture(String file) {
        return Fixtures.file("torchvision/" + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2", "mnasnet_tiny", "densenet_tiny", "pad_pool", "mobilenet_v2_1ch",
            "resnet50_narrow_1ch", "shufflenet_v2_tiny", "mobilenet_v3_small", "efficientnet_tiny", "split_channels",
            "split_channels_opset11"})
    void importsCountsRunsAndRoundTripsAsPyTorch(String name) throws IOException {
        Graph g = OnnxImporter.read(fixture(name + ".onnx")).graph();

        JsonNode counts = new ObjectMapper().readTree(fixture(name + "_counts.json").toFile());
        ModelCost cost = CostAnalysis.of(g);
        assertEquals(counts.get("macs").asLong(), cost.macs(), name + ": MACs");
        Map<String, Long> hooks = new TreeMap<>();
        counts.get("nonlinearities").fields().forEachRemaining(e -> hooks.put(e.getKey(), e.getValue().asLong()));
        assertEquals(hooks, cost.nonlinearities(), name + ": elements per nonlinearity");
        long reluFamily = hooks.getOrDefault("relu", 0L) + hooks.getOrDefault("relu6", 0L);
        assertEquals(reluFamily, cost.relus(), name + ": ReLUs (ReLU and ReLU6 elements)");

        Npy.Array x = Npy.read(fixture(name + "_input.npy"));
        Npy.Array y = Npy.read(fixture(name + "_output.npy"));
        double[] in = new double[x.data().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = x.data()[i];
        }
        DoubleTensor reference = ReferenceExecutor.run(g, new DoubleTensor(x.shape(), in));
        assertArrayEquals(y.shape(), reference.shape());
        float[] engine;
        try (EngineModel model = EngineModel.frozen(g)) {
            engine = model.predict(x.data(), x.shape()[0]);
        }
        double worstReference = 0;
        double worstEngine = 0;
        for (int i = 0; i < y.data().length; i++) {
            double scale = Math.max(1, Math.abs(y.data()[i]));
            worstReference = Math.max(worstReference, Math.abs(reference.data()[i] - y.data()[i]) / scale);
            worstEngine = Math.max(worstEngine, Math.abs(engine[i] - y.data()[i]) / scale);
        }
        assertTrue(worstReference <= 1e-4, name + ": reference executor differs from PyTorch by " + worstReference);
        assertTrue(worstEngine <= 1e-4, name + ": engine differs from PyTorch by " + worstEngine);

        Path file = dir.resolve(name + ".onnx");
        RuntimeCheck.Result check = OnnxExporter.write(g, file);
        assertTrue(check.maxAbsDiff() <= RuntimeCheck.TOLERANCE * Math.max(1, check.maxAbs()), name + ": " + check);
        Graph back = OnnxImporter.read(file).graph();
        assertEquals(g.nodes(), back.nodes(), name + ": the exported model imports to the same nodes and weights");
        System.out.printf("%s: %d nodes, MACs %d, %s; |ours - PyTorch| reference %.3g, engine %.3g; ONNX Runtime "
                + "%.3g%n", name, g.nodes().size(), cost.macs(), cost.nonlinearities(), worstReference, worstEngine,
                check.maxAbsDiff());
    }
}
