package dev.shallowpi.method;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.shallowpi.engine.Djl;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.ReluFading;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradual removal: the schedule reaches 0, and at 0 the fading graph is exactly what the merge starts from. */
class GradualRemovalTest {
    @Test
    void theScheduleGoesFromOneToZeroAcrossEpochsAndResumes() {
        assertEquals(1.0, ReluFading.alphaAt(0, 10));
        assertEquals(0.5, ReluFading.alphaAt(5, 10));
        assertEquals(0.0, ReluFading.alphaAt(10, 10));
        Graph teacher = ShallowingTest.model("resnet20", 0.25, "3x8x8");
        List<Candidate> chosen = ShallowingTest.pick(Candidates.find(teacher), "layer1.0", "layer2.1.relu1");
        Set<String> relus = GradualRemoval.names(chosen);
        try (EngineModel m = EngineModel.gated(GradualRemoval.fading(teacher, chosen), ReluFading.gates(relus))) {
            TrainingRun.Listener driving = ReluFading.driving(() -> m, 2, new TrainingRun.Listener() { });
            StepListener first = driving.epochStarted(1, 2, 5);
            assertGates(m, relus, 1.0);
            for (int step = 1; step <= 5; step++) {
                first.onStep(step, 5, 0, 0, 0);
                assertGates(m, relus, 1 - step / 10.0);
            }
            // a resumed run starts its second epoch where the schedule stood
            StepListener second = driving.epochStarted(2, 2, 5);
            assertGates(m, relus, 0.5);
            for (int step = 1; step <= 5; step++) {
                second.onStep(step, 5, 0, 0, 0);
            }
            assertGates(m, relus, 0.0);
        }
    }

    private static void assertGates(EngineModel m, Set<String> relus, double alpha) {
        Map<String, Double> g = m.gateValues();
        assertEquals(relus, g.keySet());
        g.values().forEach(v -> assertEquals(alpha, v, 1e-6));
    }

    /**
     * The fading graph keeps every ReLU, its selected pairs in merge-ready form; with the gates at 0 it computes
     * exactly the graph without those ReLUs that the merge composes, borders included, and for chains whose composed
     * kernel fits the first conv's the merged student itself.
     */
    @Test
    void atZeroTheFadingGraphIsExactlyTheGraphTheMergeComposes() {
        Graph teacher = ShallowingTest.model("resnet18", 0.125, "3x16x16");
        List<Candidate> chosen = ShallowingTest.pick(Candidates.find(teacher), "layer1.1", "layer2.0",
                "layer3.0.relu2");
        Graph fading = GradualRemoval.fading(teacher, chosen);
        assertEquals(teacher.nodes().size(), fading.nodes().size());
        for (String relu : GradualRemoval.names(chosen)) {
            assertTrue(fading.node(relu).op() instanceof Relu, relu);
        }
        assertFaded(fading, chosen, Shallowing.student(teacher, chosen, KernelMode.EXACT), 1e-5);

        Graph chains = ShallowingTest.oneByOneChains();
        List<Candidate> all = ShallowingTest.pick(Candidates.find(chains), "a", "b", "c");
        assertFaded(GradualRemoval.fading(chains, all), all,
                Shallowing.student(GradualRemoval.fading(chains, all), all, KernelMode.SAME), 1e-5);
    }

    private static void assertFaded(Graph fading, List<Candidate> chosen, Graph expected, double tolerance) {
        Set<String> relus = GradualRemoval.names(chosen);
        DoubleTensor x = DoubleTensor.randomNormal(3, 4, fading.inputs().get(0).shape());
        float[] in = new float[x.data().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) x.data()[i];
        }
        int[] dims = fading.inputs().get(0).shape().dims();
        try (NDManager nd = Djl.newManager(); EngineModel faded = EngineModel.gated(fading, ReluFading.gates(relus));
             EngineModel merged = EngineModel.frozen(expected).inEngineOnly()) {
            ReluFading.set(faded, 0);
            Shape s = new Shape(4, dims[0], dims[1], dims[2]);
            float[] a = faded.forward(nd.create(in, s), false).toFloatArray();
            float[] b = merged.forward(nd.create(in, s), false).toFloatArray();
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
                scale = Math.max(scale, Math.abs(b[i]));
            }
            assertTrue(worst <= tolerance * Math.max(1, scale), worst + " at scale " + scale);
            ReluFading.set(faded, 1);
            float[] withRelus = faded.forward(nd.create(in, s), false).toFloatArray();
            double moved = 0;
            for (int i = 0; i < a.length; i++) {
                moved = Math.max(moved, Math.abs(withRelus[i] - b[i]));
            }
            assertTrue(moved > 1e-3, "at alpha 1 the ReLUs are in place: " + moved);
        }
    }
}
