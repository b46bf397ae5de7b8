package dev.shallowpi.method;

import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.results.KernelFitReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fitted merged kernels on a real graph: every chain fitted, the first one on the images themselves. */
class FittedKernelsTest {
    @Test
    void everyMergedConvIsFittedBetterThanItsCropIncludingOneThatReadsTheImages() {
        Graph teacher = ShallowingTest.model("vgg16", 0.125, "3x32x32");
        List<Candidate> chosen = ShallowingTest.pick(Candidates.find(teacher), "stage1.1.relu", "stage3.1.relu");
        Random r = new Random(1);
        byte[] pixels = new byte[40 * 3 * 32 * 32];
        r.nextBytes(pixels);
        ImageSet images = new ImageSet(pixels, new int[40], Shape.of(3, 32, 32), 10);
        List<String> said = new ArrayList<>();
        FittedKernels fits = new FittedKernels(Shallowing.student(teacher, chosen, KernelMode.EXACT), null, images,
                new Normalization(new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}), 20,
                new MethodListener() {
                    @Override
                    public void message(String text) {
                        said.add(text);
                    }
                });
        Graph student = Shallowing.student(teacher, chosen, KernelMode.SAME, fits);
        List<KernelFitReport> reports = fits.reports();
        assertEquals(2, reports.size(), said.toString());
        assertEquals("stage1.1.conv", reports.get(0).conv());
        assertEquals(teacher.inputs().get(0).name(), teacher.node("stage1.1.conv").inputs().get(0),
                "the first merged conv reads the images");
        for (KernelFitReport f : reports) {
            assertTrue(f.fitError() < f.cropError(), f.toString());
            assertEquals(40, f.images());
        }
        assertEquals(2, said.size());
        assertEquals(teacher.outputShape(), student.outputShape());
    }
}
