package dev.shallowpi.onnx;

import dev.shallowpi.fold.RandomBatchNorm;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every zoo model goes graph -> ONNX -> graph unchanged, and ONNX Runtime computes what the graph computes. */
class RoundTripTest {
    @TempDir
    Path dir;

    static List<String> models() {
        List<String> names = new ArrayList<>();
        Zoo.names().forEach(names::add);
        return names;
    }

    @ParameterizedTest
    @MethodSource("models")
    void zooModelRoundTripsWithIdenticalWeightsAndOutputs(String name) throws Exception {
        // Narrow, with random BN statistics so that every BN carries information worth keeping.
        Graph original = RandomBatchNorm.randomize(Zoo.build(new ModelSpec(name, 0.25, 10, Shape.of(3, 32, 32), 3)),
                4);
        Path file = dir.resolve(name + ".onnx");
        RuntimeCheck.Result check = OnnxExporter.write(original, file);
        assertTrue(check.maxAbsDiff() <= RuntimeCheck.TOLERANCE * Math.max(1, check.maxAbs()), name + ": " + check);
        assertTrue(check.maxAbs() > 1e-3, "the check compared outputs that carry information: " + check);
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(OnnxExporter.toBytes(original), bytes, "export is deterministic");

        Graph back = OnnxImporter.read(file).graph();
        assertEquals(original.inputs(), back.inputs());
        assertEquals(original.output(), back.output());
        assertEquals(original.nodes(), back.nodes(), "same nodes, names, attributes and weights");
        assertEquals(NamedWeights.extract(original), NamedWeights.extract(back));
        DoubleTensor x = DoubleTensor.randomNormal(5, 2, original.inputs().get(0).shape());
        assertEquals(ReferenceExecutor.run(original, x), ReferenceExecutor.run(back, x));
        System.out.printf("%s: %d bytes, ONNX Runtime max |diff| %.3g (outputs up to %.3g)%n", name, bytes.length,
                check.maxAbsDiff(), check.maxAbs());
    }
}
