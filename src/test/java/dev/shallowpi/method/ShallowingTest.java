package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.fold.Equivalence;
import dev.shallowpi.fold.RandomBatchNorm;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.CostModel;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.StudentCost;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShallowingTest {
    /** A zoo model with random BN statistics, so that a wrong fold cannot hide behind identity BNs. */
    static Graph model(String name, double width, String input) {
        return RandomBatchNorm.randomize(Zoo.build(new ModelSpec(name, width, 10, Shape.parse(input), 5)), 6);
    }

    static List<Candidate> pick(List<Candidate> cs, String... names) {
        return Selection.resolve(cs, List.of(names));
    }

    static List<Candidate> randomSubset(List<Candidate> cs, Random r) {
        List<Candidate> s = new ArrayList<>();
        for (Candidate c : cs) {
            if (r.nextBoolean()) {
                s.add(c);
            }
        }
        return s;
    }

    static StudentCost costOf(Graph g) {
        return StudentCost.of(CostAnalysis.of(g));
    }

    static long count(Graph g, Class<?> op) {
        return g.nodes().stream().filter(n -> op.isInstance(n.op())).count();
    }

    @Test
    void exactStudentDeploysToExactlyItselfWithFewerConvsAndLessReluDepth() {
        Graph teacher = model("resnet20", 0.25, "3x16x16");
        List<Candidate> cs = Candidates.find(teacher);
        List<Candidate> chosen = new ArrayList<>(pick(cs, "layer1", "layer2", "layer3"));
        chosen.addAll(pick(cs, "relu", "layer2.0.relu2"));
        assertEquals(11, chosen.size(), "the 9 inner ReLUs, the stem and one after an add");
        Graph student = Shallowing.student(teacher, chosen, KernelMode.EXACT);
        Deployment.Deployed deployed = Deployment.deploy(student);

        DoubleTensor x = Equivalence.probeInputs(student, 3, 11);
        Equivalence.Result r = Equivalence.check(student, deployed.graph(), x);
        assertTrue(r.maxRelDiff() <= 1e-4, r.toString());
        ModelCost before = CostAnalysis.of(teacher);
        ModelCost after = CostAnalysis.of(deployed.graph());
        assertEquals(before.convs() - 9 - 2, after.convs(), "each pair one conv, both projections folded");
        assertEquals(before.reluDepth() - 11, after.reluDepth());
        assertTrue(after.macs() > before.macs(), "exact 5x5 and 7x7 kernels cost more than the pairs");
        assertEquals(new CostModel(teacher).predict(chosen, KernelMode.EXACT), StudentCost.of(after));
        assertEquals(9, deployed.rewrites().stream().filter(w -> w.kind().equals("merge")).count());
        assertEquals(9, deployed.rewrites().stream().filter(w -> w.kind().equals("fold-shortcut")).count());
    }

    @Test
    void predictedCostsAreThoseOfTheBuiltStudentsAndTheirDeployments() {
        Random r = new Random(42);
        for (String[] m : new String[][] {{"resnet20", "0.25", "3x8x8"}, {"vgg16", "0.125", "3x32x32"}}) {
            Graph teacher = model(m[0], Double.parseDouble(m[1]), m[2]);
            CostModel costs = new CostModel(teacher);
            List<Candidate> cs = Candidates.find(costs);
            for (int trial = 0; trial < 3; trial++) {
                List<Candidate> s = trial == 0 ? cs : randomSubset(cs, r);
                for (KernelMode mode : KernelMode.values()) {
                    Graph student = Shallowing.student(teacher, s, mode);
                    assertEquals(teacher.outputShape(), student.outputShape());
                    StudentCost predicted = costs.predict(s, mode);
                    String what = m[0] + " " + mode + " " + s.size() + " candidates";
                    if (mode == KernelMode.SAME) {
                        assertEquals(predicted, costOf(student), what);
                    }
                    assertEquals(predicted, costOf(Deployment.deploy(student).graph()), what + ", deployed");
                }
            }
        }
    }

    @Test
    void predictedCostsCountEveryNonlinearityKindOfTorchvisionTeachers() throws Exception {
        // ReLU6 candidates (MobileNetV2); hard-sigmoid gates and products that stay (MobileNetV3's hard-swish and
        // squeeze-excitation); sigmoids and products (EfficientNet's SiLU)
        Random r = new Random(5);
        for (String name : List.of("mobilenet_v2", "mobilenet_v3_small", "efficientnet_tiny")) {
            Graph teacher = OnnxImporter.read(Fixtures.file("torchvision/" + name + ".onnx")).graph();
            CostModel costs = new CostModel(teacher);
            List<Candidate> cs = Candidates.find(costs);
            for (List<Candidate> s : List.of(cs, randomSubset(cs, r))) {
                Graph student = Shallowing.student(teacher, s, KernelMode.SAME);
                StudentCost predicted = costs.predict(s, KernelMode.SAME);
                assertEquals(predicted, costOf(student), name + " " + s.size() + " candidates");
            }
            // every ReLU and ReLU6 is a candidate: with all of them gone, what is left are the gates and products,
            // still protocol steps on the path
            StudentCost all = costs.predict(cs, KernelMode.SAME);
            assertEquals(0, all.reluDepth(), name);
            assertEquals(name.equals("mobilenet_v2"), all.nonlinearities().isEmpty(), name + ": " + all);
            assertEquals(all.nonlinearities().isEmpty(), all.nonlinearDepth() == 0, name + ": " + all);
        }
    }

    @Test
    void sameStudentOfMobilenetHasThePredictedCosts() {
        // the chains expand -> dw -> project, and their identity shortcut when both ReLUs go
        Graph teacher = model("mobilenetv2", 0.25, "3x8x8");
        CostModel costs = new CostModel(teacher);
        List<Candidate> cs = Candidates.find(costs);
        Random r = new Random(7);
        for (List<Candidate> s : List.of(cs, randomSubset(cs, r), pick(cs, "features.3"))) {
            Graph student = Shallowing.student(teacher, s, KernelMode.SAME);
            assertEquals(costs.predict(s, KernelMode.SAME), costOf(student));
        }
        Graph whole = Shallowing.student(teacher, pick(cs, "features.3"), KernelMode.SAME);
        assertTrue(whole.hasNode("features.3.project.conv"),
                "the depthwise ReLU is removal-only (a dense conv in place of the depthwise one would cost more)");
        assertEquals(Hw.square(1), ((Conv2d) whole.node("features.3.expand.conv").op()).kernel(),
                "the expansion's kernel size");
    }

    @Test
    void sameReplacesAWholeResidualSpanWithOneConvAndAnIdentityBn() {
        Graph teacher = model("resnet18", 0.125, "3x16x16");
        List<Candidate> cs = Candidates.find(teacher);
        Graph student = Shallowing.student(teacher, pick(cs, "layer2.0"), KernelMode.SAME);
        Candidate c = pick(cs, "layer2.0").get(0);
        StudentCost before = costOf(teacher);
        StudentCost after = costOf(student);
        assertEquals(before.relus() - c.relus(), after.relus());
        assertEquals(before.macs() - c.macsSavedSame(), after.macs());
        assertEquals(before.reluDepth() - c.reluDepthSaved(), after.reluDepth());
        assertEquals(before.linearDepth() - c.linearDepthSaved(), after.linearDepth());
        assertEquals(before.convs() - 2, after.convs(), "conv2 and the shortcut conv are gone");

        Conv2d conv = (Conv2d) student.node("layer2.0.conv1").op();
        assertEquals(Hw.square(3), conv.kernel());
        assertEquals(Hw.square(2), conv.stride(), "the pair's total stride");
        assertEquals(Padding.same(1), conv.padding(), "the first conv's padding");
        assertNotNull(conv.bias(), "the folded bias");
        BatchNorm bn = (BatchNorm) student.node("layer2.0.bn1").op();
        assertEquals(List.of("layer2.0.conv1"), student.node("layer2.0.bn1").inputs());
        for (int ch = 0; ch < bn.channels(); ch++) {
            assertEquals(1f, bn.gamma().get(ch));
            assertEquals(0f, bn.beta().get(ch));
            assertEquals(0f, bn.runningMean().get(ch));
            assertEquals(1, bn.runningVar().get(ch) + bn.eps(), 1e-7, "var + eps = 1: the identity at inference");
        }
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
        for (String gone : List.of("layer2.0.relu1", "layer2.0.conv2", "layer2.0.bn2", "layer2.0.shortcut.0",
                "layer2.0.shortcut.1", "layer2.0.add")) {
            assertFalse(student.hasNode(gone), gone);
            assertTrue(teacher.hasNode(gone), "the teacher is unchanged: " + gone);
        }
        assertEquals(List.of("layer2.0.bn1"), student.node("layer2.0.relu2").inputs(), "the outer ReLU stays");
        assertEquals(teacher.shape("layer2.0.relu2"), student.shape("layer2.0.relu2"));
    }

    @Test
    void removalOnlyReluIsGoneAndItsReadersReadItsInput() {
        Graph teacher = model("resnet20", 0.25, "3x8x8");
        List<Candidate> cs = Candidates.find(teacher);
        for (KernelMode mode : KernelMode.values()) {
            Graph student = Shallowing.student(teacher, pick(cs, "layer1.0.relu2"), mode);
            assertFalse(student.hasNode("layer1.0.relu2"));
            assertEquals(List.of("layer1.0.add"), student.node("layer1.1.conv1").inputs());
            assertEquals(teacher.nodes().size() - 1, student.nodes().size(), "every other node kept");
            assertEquals(teacher.node("layer1.0.conv1"), student.node("layer1.0.conv1"));
        }
    }

    @Test
    void aVggChainOfTwoMergesBecomesOneConv() {
        Graph teacher = model("vgg16", 0.125, "3x32x32");
        List<Candidate> cs = Candidates.find(teacher);
        Graph student = Shallowing.student(teacher, pick(cs, "stage3.1.relu", "stage3.2.relu"), KernelMode.SAME);
        assertFalse(student.hasNode("stage3.2.conv") || student.hasNode("stage3.3.conv"));
        assertEquals(List.of("stage3.1.bn"), student.node("stage3.3.relu").inputs());
        assertEquals(count(teacher, Conv2d.class) - 2, count(student, Conv2d.class));
    }

    /**
     * Where the composed kernel fits in the first conv's (1x1 pairs, a 3x3 conv then 1x1), the centre crop
     * keeps everything: the SAME student computes exactly what the teacher without those ReLUs computes (the
     * EXACT student, whose pairs have no padding to move), shortcuts included.
     */
    @Test
    void sameIsExactWhenTheComposedKernelFitsInTheFirstConvsKernel() {
        Graph teacher = oneByOneChains();
        List<Candidate> cs = Candidates.find(teacher);
        List<Candidate> merges = pick(cs, "a", "b", "c");
        assertEquals(3, merges.size());
        Graph same = Shallowing.student(teacher, merges, KernelMode.SAME);
        Graph withoutRelus = Shallowing.student(teacher, merges, KernelMode.EXACT);
        assertEquals(0, count(same, Add.class), "both shortcuts folded");
        assertEquals(3, count(same, Conv2d.class));
        Equivalence.Result e = Equivalence.check(withoutRelus, same, Equivalence.probeInputs(teacher, 4, 1));
        assertTrue(e.maxRelDiff() <= 1e-6, e.toString());
        assertEquals(new CostModel(teacher).predict(merges, KernelMode.SAME), costOf(same));
    }

    /**
     * Three merge chains whose composed kernels fit in their first conv's kernel: a 1x1 pair with an identity
     * shortcut, a strided 1x1 pair with a projection shortcut, and a 3x3 conv then a 1x1 one (no BN); then five
     * logits, the means of the last conv's channels.
     */
    static Graph oneByOneChains() {
        Random r = new Random(3);
        GraphBuilder b = new GraphBuilder().input("input", Shape.of(4, 6, 6));
        String x = b.add("a.conv1", conv(4, 6, 1, 1, 0, r), "input");
        x = b.add("a.bn1", bn(6, r), x);
        x = b.add("a.relu1", new Relu(), x);
        x = b.add("a.conv2", conv(6, 4, 1, 1, 0, r), x);
        x = b.add("a.bn2", bn(4, r), x);
        x = b.add("a.add", new Add(), x, "input");
        String in = b.add("a.relu2", new Relu(), x);
        x = b.add("b.conv1", conv(4, 8, 1, 2, 0, r), in);
        x = b.add("b.bn1", bn(8, r), x);
        x = b.add("b.relu1", new Relu(), x);
        x = b.add("b.conv2", conv(8, 8, 1, 1, 0, r), x);
        x = b.add("b.bn2", bn(8, r), x);
        String sc = b.add("b.shortcut.0", conv(4, 8, 1, 2, 0, r), in);
        sc = b.add("b.shortcut.1", bn(8, r), sc);
        x = b.add("b.add", new Add(), x, sc);
        x = b.add("b.relu2", new Relu(), x);
        x = b.add("c.conv1", conv(8, 8, 3, 1, 1, r), x);
        x = b.add("c.relu1", new Relu(), x);
        x = b.add("c.conv2", conv(8, 5, 1, 1, 0, r), x);
        x = b.add("pool", new dev.shallowpi.ir.GlobalAvgPool(), x);
        return b.build(b.add("logits", new dev.shallowpi.ir.Flatten(), x));
    }

    @Test
    void mobilenetDepthwiseThenProjectionIsExactUnderSame() {
        Graph teacher = model("mobilenetv2", 0.25, "3x8x8");
        List<Candidate> cs = Candidates.find(teacher);
        List<Candidate> dw = pick(cs, "features.3.dw.relu", "features.5.dw.relu");
        Graph same = Shallowing.student(teacher, dw, KernelMode.SAME);
        Graph withoutRelus = Shallowing.student(teacher, dw, KernelMode.EXACT);
        Equivalence.Result e = Equivalence.check(withoutRelus, same, Equivalence.probeInputs(teacher, 2, 2));
        assertTrue(e.maxRelDiff() <= 1e-4, e.toString());
    }

    static Conv2d conv(int in, int out, int k, int stride, int pad, Random r) {
        Tensor w = Tensor.generate(new int[] {out, in, k, k}, i -> r.nextGaussian() * 0.4);
        Tensor bias = Tensor.generate(new int[] {out}, i -> r.nextGaussian() * 0.1);
        return new Conv2d(w, bias, Hw.square(stride), Padding.same(pad), Hw.square(1), 1);
    }

    static BatchNorm bn(int c, Random r) {
        int[] s = {c};
        return new BatchNorm(Tensor.generate(s, i -> 0.5 + r.nextDouble()), Tensor.generate(s, i -> r.nextGaussian()),
                Tensor.generate(s, i -> 0.2 * r.nextGaussian()), Tensor.generate(s, i -> 0.5 + r.nextDouble()),
                1e-3, 0.1);
    }
}
