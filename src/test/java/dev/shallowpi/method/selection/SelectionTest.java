package dev.shallowpi.method.selection;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selection on the model (resnet18 x0.25, 1x28x28, 10 classes) with synthetic sensitivities. */
class SelectionTest {
    static final Graph RESNET18 = Zoo.build(new ModelSpec("resnet18", 0.25, 10, Shape.parse("1x28x28"), 0));
    static final CostModel COSTS = new CostModel(RESNET18);
    static final List<Candidate> CANDIDATES = Candidates.find(COSTS);

    static Map<String, Double> uniform(List<Candidate> cs) {
        return cs.stream().collect(Collectors.toMap(Candidate::relu, c -> 1.0));
    }

    static Map<String, Double> random(List<Candidate> cs, long seed) {
        Random r = new Random(seed);
        Map<String, Double> s = new HashMap<>();
        for (Candidate c : cs) {
            s.put(c.relu(), r.nextDouble());
        }
        return s;
    }

    static SelectionResult select(Map<String, Double> sens, Budget budget, KernelMode mode) {
        return Selection.select(RESNET18, CANDIDATES, sens, budget, mode);
    }

    static void assertConsistent(SelectionResult r) {
        assertEquals(COSTS.predict(r.selected(), r.mode()), r.student());
        assertEquals(COSTS.teacher(), r.teacher());
    }

    @Test
    void reluReductionIsMetAndTheMostSensitiveCandidateAvoided() {
        Map<String, Double> sens = uniform(CANDIDATES);
        sens.put("relu", 100.0);
        SelectionResult r = select(sens, Budget.reluReduction(1.73), KernelMode.SAME);
        assertTrue(r.reluReduction() >= 1.73, "" + r.reluReduction());
        assertFalse(r.names().contains("relu"), r.names().toString());
        assertEquals(SelectionResult.Search.EXACT, r.search());
        assertEquals(17, r.pool());
        assertEquals(r.selected().size(), r.totalSensitivity(), 1e-12);
        assertConsistent(r);
    }

    @Test
    void macReductionIsMetWithMergeCandidatesOnly() {
        SelectionResult r = select(random(CANDIDATES, 1), Budget.macReduction(1.3), KernelMode.SAME);
        assertTrue(r.macReduction() >= 1.3, "" + r.macReduction());
        assertTrue(r.selected().stream().allMatch(Candidate::isMerge), "removal-only ReLUs never save MACs");
        assertEquals(8, r.pool(), "only the merge candidates can move a MAC target");
        assertConsistent(r);
    }

    @Test
    void reluAndMacTargetsTogetherAreBothMet() {
        // the targets; with uniform sensitivities the fewest candidates that meet both
        SelectionResult r = select(uniform(CANDIDATES), Budget.reluReduction(1.73).andMacReduction(1.47),
                KernelMode.SAME);
        assertTrue(r.reluReduction() >= 1.73 && r.macReduction() >= 1.47, r.reluReduction() + " " + r.macReduction());
        assertEquals(6, r.selected().size());
        assertTrue(r.student().reluDepth() < r.teacher().reluDepth());
        assertTrue(r.student().linearDepth() < r.teacher().linearDepth());
        assertConsistent(r);
        // no 5 candidates meet both: the exact search is the proof
        Map<String, Double> sens = uniform(CANDIDATES);
        for (String name : r.names()) {
            sens.put(name, 10.0);
        }
        SelectionResult other = select(sens, Budget.reluReduction(1.73).andMacReduction(1.47), KernelMode.SAME);
        assertTrue(other.selected().size() >= 6);
    }

    @Test
    void reluBudgetAndReductionTogetherTakeTheStricter() {
        long budget = COSTS.teacher().relus() / 3;
        SelectionResult r = select(random(CANDIDATES, 2), Budget.reluReduction(1.5).andReluBudget(budget),
                KernelMode.EXACT);
        assertTrue(r.student().relus() <= budget);
        assertConsistent(r);
    }

    @Test
    void exactAndGreedyAgreeWhereGreedyIsOptimalAndExactIsNeverWorse() {
        Budget both = Budget.reluReduction(1.73).andMacReduction(1.47);
        for (long seed = 0; seed < 4; seed++) {
            Map<String, Double> sens = random(CANDIDATES, seed);
            SelectionResult exact = Selection.select(COSTS, CANDIDATES, sens, both, KernelMode.SAME, 20);
            SelectionResult greedy = Selection.select(COSTS, CANDIDATES, sens, both, KernelMode.SAME, 0);
            assertEquals(SelectionResult.Search.GREEDY, greedy.search());
            assertTrue(greedy.reluReduction() >= 1.73 && greedy.macReduction() >= 1.47);
            assertTrue(exact.totalSensitivity() <= greedy.totalSensitivity() + 1e-12,
                    exact.totalSensitivity() + " > " + greedy.totalSensitivity());
            assertConsistent(greedy);
        }
        // one target and equal sensitivities: taking the largest savings first is optimal, so both find the
        // fewest candidates
        Budget relu = Budget.reluReduction(2.5);
        SelectionResult exact = Selection.select(COSTS, CANDIDATES, uniform(CANDIDATES), relu, KernelMode.SAME, 20);
        SelectionResult greedy = Selection.select(COSTS, CANDIDATES, uniform(CANDIDATES), relu, KernelMode.SAME, 0);
        assertEquals(exact.selected().size(), greedy.selected().size());
    }

    @Test
    void withAReluTargetAloneTiesGoToCandidatesThatAddNoMacs() {
        // under EXACT a merge adds MACs; four candidates of 12,544 ReLUs are needed and only three of them are
        // removal-only, so both searches take exactly one merge
        for (int exactLimit : new int[] {20, 0}) {
            SelectionResult r = Selection.select(COSTS, CANDIDATES, uniform(CANDIDATES), Budget.reluReduction(1.73),
                    KernelMode.EXACT, exactLimit);
            assertEquals(4, r.selected().size(), r.names().toString());
            assertEquals(1, r.selected().stream().filter(Candidate::isMerge).count(), r.names().toString());
        }
    }

    @Test
    void largePoolsAreSearchedGreedily() {
        Graph resnet34 = Zoo.build(new ModelSpec("resnet34", 0.125, 10, Shape.parse("3x16x16"), 0));
        List<Candidate> cs = Candidates.find(resnet34);
        assertEquals(33, cs.size());
        SelectionResult r = Selection.select(resnet34, cs, random(cs, 3), Budget.reluReduction(1.73)
                .andMacReduction(1.47), KernelMode.SAME);
        assertEquals(SelectionResult.Search.GREEDY, r.search());
        assertTrue(r.reluReduction() >= 1.73 && r.macReduction() >= 1.47);
        assertTrue(r.describeSearch().startsWith("greedy search over 33 candidates"), r.describeSearch());
    }

    @Test
    void unreachableTargetsNameTheBestReachableValue() {
        StudentCost allMerged = COSTS.predict(CANDIDATES.stream().filter(Candidate::isMerge)
                .collect(Collectors.toList()), KernelMode.SAME);
        double bestMac = allMerged.macReductionFrom(COSTS.teacher());
        BudgetException mac = assertThrows(BudgetException.class,
                () -> select(uniform(CANDIDATES), Budget.macReduction(2.5), KernelMode.SAME));
        assertEquals(String.format(Locale.ROOT, "MAC reduction 2.50x is out of reach under kernel same: the best"
                + " selection gives at most %.2fx", bestMac), mac.getMessage());

        BudgetException greedy = assertThrows(BudgetException.class, () -> Selection.select(COSTS, CANDIDATES,
                uniform(CANDIDATES), Budget.macReduction(2.5), KernelMode.SAME, 0));
        assertEquals(mac.getMessage() + " (greedy search over 8 candidates; an exact search might reach a little"
                + " more)", greedy.getMessage(), "here the greedy search finds the best too: every merge");

        List<Candidate> merges = CANDIDATES.stream().filter(Candidate::isMerge).collect(Collectors.toList());
        BudgetException relu = assertThrows(BudgetException.class, () -> Selection.select(RESNET18, merges,
                uniform(merges), Budget.reluReduction(3), KernelMode.SAME));
        assertEquals(String.format(Locale.ROOT, "ReLU reduction 3.00x is out of reach: removing every candidate"
                + " gives at most %.2fx (%d of %d ReLUs left)", allMerged.reluReductionFrom(COSTS.teacher()),
                allMerged.relus(), COSTS.teacher().relus()), relu.getMessage());

        BudgetException exactMac = assertThrows(BudgetException.class,
                () -> select(uniform(CANDIDATES), Budget.macReduction(1.01), KernelMode.EXACT));
        assertTrue(exactMac.getMessage().endsWith("at most 1.00x"), exactMac.getMessage());

        // each alone is reachable; together not: the ReLUs beyond the removal-only ones need exact merges,
        // which add more MACs than 0.95x allows
        BudgetException both = assertThrows(BudgetException.class,
                () -> select(uniform(CANDIDATES), Budget.reluReduction(4).andMacReduction(0.95), KernelMode.EXACT));
        assertTrue(both.getMessage().startsWith("ReLU reduction 4.00x and MAC reduction 0.95x cannot both be met"
                + " under kernel exact: meeting the ReLU target, the MAC reduction is at most 0.9"),
                both.getMessage());
        assertTrue(both instanceof IllegalArgumentException);
    }

    @Test
    void namedBlocksResolveToTheirMergeCandidatesOrReluNames() {
        SelectionResult r = select(Map.of(), Budget.blocks(List.of("layer1.0", "layer2.1.relu2", " relu ")),
                KernelMode.SAME);
        assertEquals(List.of("relu", "layer1.0.relu1", "layer2.1.relu2"), r.names());
        assertEquals(SelectionResult.Search.NAMED, r.search());
        assertTrue(Double.isNaN(r.totalSensitivity()), "no sensitivities were given");
        assertConsistent(r);
        assertThrows(IllegalArgumentException.class, () -> select(Map.of(), Budget.blocks(List.of("layer9")),
                KernelMode.SAME));
        BudgetException shortOf = assertThrows(BudgetException.class, () -> select(Map.of(),
                new Budget(1.73, null, null, List.of("layer1.0")), KernelMode.SAME));
        assertTrue(shortOf.getMessage().startsWith("blocks layer1.0.relu1 give ReLU reduction 1.13x"),
                shortOf.getMessage());
    }

    @Test
    void everyPoolCandidateNeedsASensitivityAndBudgetsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> select(Map.of("relu", 1.0), Budget.reluReduction(1.5), KernelMode.SAME));
        assertTrue(e.getMessage().startsWith("no sensitivity for layer1.0.relu1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Budget.reluReduction(0));
        assertThrows(IllegalArgumentException.class, () -> new Budget(null, null, null, List.of()));
        assertEquals(KernelMode.EXACT, KernelMode.parse("Exact"));
    }

    @Test
    void requiredCandidatesStayInBothSearchesChoices() {
        Map<String, Double> sens = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CANDIDATES.size(); i++) {
            sens.put(CANDIDATES.get(i).relu(), 0.01 * (i + 1));
        }
        Budget both = Budget.reluReduction(1.5).andMacReduction(1.2);
        for (int limit : new int[] {ExactSearch.DEFAULT_LIMIT, 0}) {
            SelectionResult free = Selection.select(COSTS, CANDIDATES, sens, both, KernelMode.SAME, limit);
            String costly = CANDIDATES.get(CANDIDATES.size() - 1).relu();
            assertTrue(!free.names().contains(costly), free.names().toString());
            SelectionResult held = Selection.select(COSTS, CANDIDATES, sens, both, KernelMode.SAME,
                    new Selection.Search(limit, java.util.Set.of(costly)));
            assertTrue(held.names().contains(costly), held.names().toString());
            assertTrue(held.reluReduction() >= 1.5 && held.macReduction() >= 1.2);
        }
        assertThrows(IllegalArgumentException.class, () -> Selection.select(COSTS, CANDIDATES, sens, both,
                KernelMode.SAME, new Selection.Search(20, java.util.Set.of("nope"))));
    }
}
