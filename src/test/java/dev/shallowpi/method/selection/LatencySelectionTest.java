package dev.shallowpi.method.selection;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.cost.PiProfiles;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.Shallowing;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.shallowpi.method.selection.SelectionTest.CANDIDATES;
import static dev.shallowpi.method.selection.SelectionTest.COSTS;
import static dev.shallowpi.method.selection.SelectionTest.random;
import static dev.shallowpi.method.selection.SelectionTest.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selection under an estimated PI latency target (resnet18 x0.25, 1x28x28, as SelectionTest). */
class LatencySelectionTest {
    static final PiProfile WAN = PiProfiles.load("delphi-wan");

    /** Only round trips cost: one second per nonlinear layer on the longest path, so latency is ReLU depth. */
    static final PiProfile ROUNDS_ONLY = new PiProfile("rounds-only", "test", "nothing", "test",
            new PiProfile.PerUnit(0, 0, 0, 0), Map.of("relu6", 2.0, "clipped-relu", 2.0, "sigmoid", 2.0,
                    "hard-sigmoid", 2.0, "product", 1.0),
            new PiProfile.PerUnit(0, 0, 0, 0), new PiProfile.Rounds(1, 0, 0),
            new PiProfile.Rounds(0, 0, 0), new PiProfile.Network(Double.POSITIVE_INFINITY, 1));

    static double latencyReduction(SelectionResult r, PiProfile p) {
        return r.teacher().onlineSeconds(p) / r.student().onlineSeconds(p);
    }

    @Test
    void aLatencyTargetIsMetOnThePredictedDeployedStudent() {
        for (int exactLimit : new int[] {20, 0}) {
            SelectionResult r = Selection.select(COSTS, CANDIDATES, random(CANDIDATES, 5),
                    Budget.latencyReduction(1.6, WAN), KernelMode.SAME, exactLimit);
            assertTrue(latencyReduction(r, WAN) >= 1.6, "" + latencyReduction(r, WAN));
            assertEquals(17, r.pool(), "removal-only candidates save latency too");
            assertEquals(COSTS.predict(r.selected(), KernelMode.SAME), r.student());
        }
    }

    @Test
    void whenOnlyRoundTripsCostTheSelectionCutsDepth() {
        // teacher ReLU depth 17: a reduction of 17/10 needs at most 10 ReLU layers on the longest path
        SelectionResult r = Selection.select(COSTS, CANDIDATES, uniform(CANDIDATES),
                Budget.latencyReduction(1.7, ROUNDS_ONLY), KernelMode.SAME);
        assertEquals(17, r.teacher().reluDepth());
        assertTrue(r.student().reluDepth() <= 10, "" + r.student().reluDepth());
        // uniform sensitivities: the fewest removals that do it, 7
        assertEquals(7, r.selected().size(), r.names().toString());
    }

    @Test
    void latencyAndReluTargetsTogetherAreBothMet() {
        SelectionResult r = Selection.select(COSTS, CANDIDATES, random(CANDIDATES, 7),
                Budget.reluReduction(1.5).andLatencyReduction(1.4, WAN), KernelMode.EXACT);
        assertTrue(r.reluReduction() >= 1.5);
        assertTrue(latencyReduction(r, WAN) >= 1.4);
    }

    @Test
    void anUnreachableLatencyTargetNamesTheBestReachable() {
        for (int exactLimit : new int[] {20, 0}) {
            BudgetException e = assertThrows(BudgetException.class, () -> Selection.select(COSTS, CANDIDATES,
                    uniform(CANDIDATES), Budget.latencyReduction(1000, WAN), KernelMode.SAME, exactLimit));
            assertTrue(e.getMessage().startsWith("latency reduction 1000.00x under delphi-wan is out of reach under"
                    + " kernel same: the best selection gives at most "), e.getMessage());
            assertTrue(e.getMessage().contains("the teacher's"), e.getMessage());
        }
    }

    @Test
    void aLatencyTargetNeedsAProfile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Budget(null, null, null, 1.5, null, null));
        assertTrue(e.getMessage().contains("latency reduction needs PI profile"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Budget.latencyReduction(0, WAN));
        assertEquals("latency reduction 1.50x (delphi-wan, online)",
                Budget.latencyReduction(1.5, WAN).describeTargets());
    }

    @Test
    void subsetLatencyPricesEveryNonlinearityKindAsThePredictedStudentDoes() throws Exception {
        // ReLU6 removed at two ReLUs each; hard-sigmoids, sigmoids and products kept, priced and on the path
        for (String name : List.of("mobilenet_v2", "mobilenet_v3_small", "efficientnet_tiny")) {
            Graph g = OnnxImporter.read(Fixtures.file("torchvision/" + name + ".onnx")).graph();
            CostModel model = new CostModel(g);
            List<Candidate> pool = Candidates.find(model);
            Targets targets = new Targets(Budget.latencyReduction(1.2, WAN), model.teacher());
            SubsetCosts costs = new SubsetCosts(model, pool, KernelMode.SAME);
            Random rnd = new Random(3);
            for (int trial = 0; trial < 10; trial++) {
                boolean[] in = new boolean[pool.size()];
                List<Candidate> chosen = new ArrayList<>();
                for (int i = 0; i < in.length; i++) {
                    in[i] = trial == 0 || rnd.nextBoolean();
                    if (in[i]) {
                        chosen.add(pool.get(i));
                    }
                }
                StudentCost predicted = model.predict(chosen, KernelMode.SAME);
                assertEquals(predicted.onlineSeconds(WAN), costs.point(i -> in[i], targets).latency(), 0,
                        name + " " + chosen.size() + " candidates");
                assertEquals(PiEstimate.of(WAN, CostAnalysis.of(Shallowing.student(g, chosen, KernelMode.SAME)))
                        .online().seconds(), predicted.onlineSeconds(WAN), 0, name + ": as the student is estimated");
            }
        }
    }

    /** The searches' fast depths equal the cost model's prediction and the deployed graph's own count. */
    @Test
    void subsetDepthsEqualThePredictionForRandomSubsets() {
        Graph mobilenet = Zoo.build(new ModelSpec("mobilenetv2", 0.25, 10, Shape.parse("3x32x32"), 0));
        for (Graph g : List.of(SelectionTest.RESNET18, mobilenet)) {
            CostModel model = new CostModel(g);
            List<Candidate> all = Candidates.find(model);
            List<Candidate> pool = all.size() > 20 ? all.subList(0, 20) : all;
            Random rnd = new Random(11);
            for (KernelMode mode : KernelMode.values()) {
                SubsetCosts costs = new SubsetCosts(model, pool, mode);
                for (int trial = 0; trial < 40; trial++) {
                    boolean[] in = new boolean[pool.size()];
                    List<Candidate> chosen = new ArrayList<>();
                    for (int i = 0; i < in.length; i++) {
                        in[i] = rnd.nextInt(3) == 0;
                        if (in[i]) {
                            chosen.add(pool.get(i));
                        }
                    }
                    StudentCost predicted = model.predict(chosen, mode);
                    int[] d = costs.depths(i -> in[i]);
                    assertEquals(predicted.reluDepth(), d[0], g.output() + " " + chosen);
                    assertEquals(predicted.linearDepth(), d[1], g.output() + " " + chosen);
                }
            }
        }
        // and the prediction is the student's count (CostModelTest checks every figure; here once, end to end)
        List<Candidate> some = CANDIDATES.subList(0, 6);
        StudentCost predicted = COSTS.predict(some, KernelMode.SAME);
        var actual = CostAnalysis.of(Shallowing.student(SelectionTest.RESNET18, some, KernelMode.SAME));
        assertEquals(actual.reluDepth(), predicted.reluDepth());
        assertEquals(actual.linearDepth(), predicted.linearDepth());
    }
}
