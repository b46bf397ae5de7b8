package dev.shallowpi.onnx;

import dev.shallowpi.data.Npy;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each model PyTorch exported imports and reproduces PyTorch's outputs on its reference inputs. */
class PyTorchFixturesTest {
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.RESNET18_EVAL, Fixtures.RESNET18_PRESERVE, Fixtures.VGG_VIEW})
    void importsAndReproducesPyTorch(String name) {
        Graph g = OnnxImporter.read(Fixtures.model(name)).graph();
        Npy.Array x = Npy.read(Fixtures.input(name));
        Npy.Array y = Npy.read(Fixtures.output(name));
        double[] in = new double[x.data().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = x.data()[i];
        }
        DoubleTensor out = ReferenceExecutor.run(g, new DoubleTensor(x.shape(), in));
        assertArrayEquals(y.shape(), out.shape());
        double max = 0;
        for (int i = 0; i < y.data().length; i++) {
            max = Math.max(max, Math.abs(out.data()[i] - y.data()[i]));
        }
        System.out.println(name + ": " + g.nodes().size() + " nodes, max |ours - PyTorch| = " + max);
        assertTrue(max <= 1e-4, name + ": max difference " + max);
    }
}
