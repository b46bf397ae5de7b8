package dev.shallowpi.method.channels;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.fold.RandomBatchNorm;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Concat;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.Deployment;
import dev.shallowpi.onnx.OnnxExporter;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channel masks lowered to gathers and concats: the lowered graph computes what the masked student computes (in
 * the engine, and in the reference executor), counts exactly the kept channels' ReLUs, and survives ONNX export
 * (checked in ONNX Runtime), import, checkpoints and deployment.
 */
class MaskLoweringTest {
    @TempDir
    Path dir;

    private static Graph model() {
        return RandomBatchNorm.randomize(Zoo.build(new ModelSpec("resnet20", 0.25, 10, Shape.parse("1x16x16"), 3)), 4);
    }

    /** Every form the lowering has: scattered kept channels, a prefix, a suffix, one kept, none kept. */
    private static Map<String, boolean[]> masks(Graph g) {
        Map<String, boolean[]> m = new LinkedHashMap<>();
        Random r = new Random(5);
        List<Node> relus = g.nodes().stream().filter(n -> n.op() instanceof Relu).toList();
        for (int i = 0; i < relus.size(); i++) {
            String name = relus.get(i).name();
            boolean[] k = new boolean[g.shape(name).dim(0)];
            switch (i % 6) {
                case 0 -> { } // none kept: the ReLU goes
                case 1 -> java.util.Arrays.fill(k, 0, k.length / 2, true); // prefix
                case 2 -> java.util.Arrays.fill(k, k.length / 4, k.length, true); // suffix
                case 3 -> k[k.length - 1] = true; // one
                case 4 -> java.util.Arrays.fill(k, true); // all: not a mask
                default -> {
                    for (int c = 0; c < k.length; c++) {
                        k[c] = r.nextBoolean();
                    }
                    k[0] = false;
                    k[1] = true;
                }
            }
            m.put(name, k);
        }
        return m;
    }

    private static long expectedRelus(Graph g, Map<String, boolean[]> m) {
        long total = 0;
        for (Node n : g.nodes()) {
            if (n.op() instanceof Relu) {
                boolean[] k = m.get(n.name());
                int kept = 0;
                for (boolean b : k) {
                    kept += b ? 1 : 0;
                }
                total += g.shape(n.name()).elements() / k.length * kept;
            }
        }
        return total;
    }

    @Test
    void theLoweredGraphEqualsTheMaskedStudentAndCountsOnlyTheKeptReLUs() {
        Graph g = model();
        Map<String, boolean[]> keep = masks(g);
        ChannelMasks masks = ChannelMasks.of(g, keep);
        Graph lowered = MaskLowering.apply(g, masks);

        long expected = expectedRelus(g, keep);
        assertTrue(expected < CostAnalysis.of(g).relus());
        assertEquals(expected, masks.relus(g));
        assertEquals(expected, CostAnalysis.of(lowered).relus(), "ReLUs of the lowered graph");
        assertEquals(CostAnalysis.of(g).macs(), CostAnalysis.of(lowered).macs());
        assertEquals(CostAnalysis.of(g).params(), CostAnalysis.of(lowered).params());
        assertTrue(lowered.nodes().stream().anyMatch(n -> n.op() instanceof ChannelGather));
        assertTrue(lowered.nodes().stream().anyMatch(n -> n.op() instanceof Concat));

        // the forms: a prefix needs no reordering, a suffix swaps the parts, scattered channels reorder
        String none = firstRelu(g, 0);
        String prefix = firstRelu(g, 1);
        String suffix = firstRelu(g, 2);
        String all = firstRelu(g, 4);
        String scattered = firstRelu(g, 5);
        assertFalse(lowered.hasNode(none), "a layer with no channel kept loses its ReLU");
        assertFalse(lowered.hasNode(prefix + ".order"));
        assertEquals(List.of(prefix, prefix + ".rest"), lowered.node(prefix + ".concat").inputs());
        assertFalse(lowered.hasNode(suffix + ".order"));
        assertEquals(List.of(suffix + ".rest", suffix), lowered.node(suffix + ".concat").inputs());
        assertTrue(lowered.hasNode(scattered + ".order"));
        assertEquals(g.node(all), lowered.node(all));
        assertNull(masks.mask(all), "a layer keeping every channel is no mask");

        DoubleTensor x = DoubleTensor.randomNormal(9, 4, g.inputs().get(0).shape());
        float[] xf = new float[x.data().length];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) x.data()[i];
            x.data()[i] = xf[i];
        }
        float[] masked;
        float[] low;
        try (EngineModel m = EngineModel.frozen(g, masks.gates());
             EngineModel l = EngineModel.frozen(lowered).inEngineOnly()) {
            masked = m.predict(xf, 4);
            low = l.predict(xf, 4);
        }
        double[] reference = ReferenceExecutor.run(lowered, x).data();
        double engineDiff = 0;
        double referenceDiff = 0;
        for (int i = 0; i < masked.length; i++) {
            engineDiff = Math.max(engineDiff, Math.abs(masked[i] - low[i]));
            referenceDiff = Math.max(referenceDiff, Math.abs(masked[i] - reference[i]));
        }
        assertTrue(engineDiff <= 1e-5, "masked student vs lowered graph in the engine: " + engineDiff);
        assertTrue(referenceDiff <= 1e-4, "masked student vs lowered graph in double precision: " + referenceDiff);
    }

    @Test
    void theLoweredGraphGoesToOnnxAndBackWithItsStructureAndCount() throws Exception {
        Graph g = model();
        Graph lowered = MaskLowering.apply(g, ChannelMasks.of(g, masks(g)));
        Path file = dir.resolve("masked.onnx");
        // write() runs the file in ONNX Runtime against the reference executor before writing it
        OnnxExporter.write(lowered, file);
        Graph back = OnnxImporter.read(file).graph();
        assertEquals(lowered.nodes(), back.nodes());
        assertEquals(CostAnalysis.of(lowered).relus(), CostAnalysis.of(back).relus());

        new Checkpoint(lowered, Map.of(), Checkpoint.json().createObjectNode()).write(dir.resolve("cp"));
        assertEquals(lowered.nodes(), Checkpoint.read(dir.resolve("cp")).graph().nodes());
    }

    @Test
    void deploymentFoldsTheBatchNormsAroundTheGathersAndKeepsTheCount() {
        Graph g = model();
        Graph lowered = MaskLowering.apply(g, ChannelMasks.of(g, masks(g)));
        Deployment.Deployed d = Deployment.deploy(lowered);
        assertEquals(CostAnalysis.of(lowered).relus(), CostAnalysis.of(d.graph()).relus());
        assertTrue(d.graph().nodes().stream().noneMatch(n -> n.op() instanceof dev.shallowpi.ir.BatchNorm));
        assertTrue(d.check().maxRelDiff() <= 1e-6, "deployed vs lowered: " + d.check().maxRelDiff());
    }

    @Test
    void masksRoundTripThroughJsonAndRefuseWhatDoesNotFit() {
        Graph g = model();
        ChannelMasks masks = ChannelMasks.of(g, masks(g));
        ChannelMasks back = ChannelMasks.fromRecord(masks.toRecord(), g);
        var json = dev.shallowpi.checkpoint.Checkpoint.json();
        assertEquals(json.valueToTree(masks.toRecord()), json.valueToTree(back.toRecord()));
        assertEquals(masks.relus(g), back.relus(g));
        String relu = firstRelu(g, 1);
        assertThrows(IllegalArgumentException.class, () -> ChannelMasks.of(g, Map.of(relu, new boolean[3])));
        assertThrows(IllegalArgumentException.class, () -> ChannelMasks.of(g, Map.of("conv1", new boolean[4])));
        assertThrows(IllegalArgumentException.class, () -> ChannelMasks.of(g, Map.of("nothing", new boolean[4])));
    }

    private static String firstRelu(Graph g, int form) {
        List<Node> relus = g.nodes().stream().filter(n -> n.op() instanceof Relu).toList();
        return relus.get(form).name();
    }
}
