package dev.shallowpi.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.shallowpi.engine.Distill;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.Djl;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.FeatureDistillation;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block-wise distillation: which values it compares, and that it measures their difference and nothing else. */
class BlockDistillationTest {
    private static final Distill KD = new Distill(4, 0.9);

    @Test
    void eachMergedBlockIsPairedWithTheTeachersValueAtItsEnd() {
        Graph teacher = ShallowingTest.oneByOneChains();
        List<Candidate> merges = ShallowingTest.pick(Candidates.find(teacher), "a", "b", "c");
        Map<String, String> same = Shallowing.mergedOutputs(teacher, merges, KernelMode.SAME);
        assertEquals(Map.of("a.bn1", "a.add", "b.bn1", "b.add", "c.conv1.bn", "c.conv2"), same);
        Graph student = Shallowing.student(teacher, merges, KernelMode.SAME);
        same.forEach((s, t) -> assertEquals(teacher.shape(t), student.shape(s), s));
        // under exact the chains keep their names: each end is its own pair
        assertEquals(Map.of("a.add", "a.add", "b.add", "b.add", "c.conv2", "c.conv2"),
                Shallowing.mergedOutputs(teacher, merges, KernelMode.EXACT));
        // a removal-only ReLU merges nothing
        assertEquals(Map.of(), Shallowing.mergedOutputs(teacher, ShallowingTest.pick(Candidates.find(teacher),
                "a.relu2"), KernelMode.SAME));
    }

    /**
     * The SAME student of these chains computes exactly what the teacher without those ReLUs computes: distilled
     * from that graph, the block-wise term is 0 and the loss is the logit distillation's. From the real teacher
     * (ReLUs in place) the term is positive, and its gradient reaches the merged convs.
     */
    @Test
    void theFeatureTermIsZeroForAStudentEqualToItsTeacherAndPositiveOtherwise() {
        Graph teacher = ShallowingTest.oneByOneChains();
        List<Candidate> merges = ShallowingTest.pick(Candidates.find(teacher), "a", "b", "c");
        Graph student = Shallowing.student(teacher, merges, KernelMode.SAME);
        Graph withoutRelus = Shallowing.student(teacher, merges, KernelMode.EXACT);
        List<FeatureDistillation.Pair> pairs = new ArrayList<>();
        Shallowing.mergedOutputs(teacher, merges, KernelMode.SAME)
                .forEach((s, t) -> pairs.add(new FeatureDistillation.Pair(s, t)));
        float[] images = toFloats(DoubleTensor.randomNormal(4, 6, teacher.inputs().get(0).shape()));
        try (NDManager m = Djl.newManager(); EngineModel equal = EngineModel.frozen(withoutRelus);
             EngineModel real = EngineModel.frozen(teacher); EngineModel s = EngineModel.of(student)) {
            s.block().tap(FeatureDistillation.studentTaps(pairs));
            NDArray x = m.create(images, new Shape(6, 4, 6, 6));
            NDArray labels = m.create(new int[] {0, 1, 2, 3, 4, 0});
            NDList out = s.forwardAll(x, false);
            assertEquals(pairs.size() + 1, out.size());
            double logitsOnly = new Distillation(equal, KD.temperature(), KD.weight()).compute(out.head(), labels, x)
                    .getFloat();
            double withBlocks = new FeatureDistillation(equal, pairs, KD, 1.0).compute(out, labels, x).getFloat();
            assertEquals(logitsOnly, withBlocks, 1e-5 * Math.max(1, Math.abs(logitsOnly)));

            double fromReal = new FeatureDistillation(real, pairs, KD, 0).compute(out, labels, x).getFloat();
            double fromRealWithBlocks;
            NDArray grad;
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray loss = new FeatureDistillation(real, pairs, KD, 1.0).compute(s.forwardAll(x, true), labels,
                        x);
                fromRealWithBlocks = loss.getFloat();
                gc.backward(loss);
            }
            grad = s.parameters().get("a.conv1.weight").getArray().getGradient();
            assertTrue(fromRealWithBlocks > fromReal + 1e-3, fromRealWithBlocks + " against " + fromReal);
            assertTrue(grad.abs().sum().getFloat() > 0, "the block-wise term trains the merged conv");
        }
    }

    private static float[] toFloats(DoubleTensor t) {
        float[] f = new float[t.data().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.data()[i];
        }
        return f;
    }
}
