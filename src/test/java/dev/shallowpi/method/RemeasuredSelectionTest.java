package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The re-measured selection's rounds: a committed candidate stays chosen, however its score compares. */
class RemeasuredSelectionTest {
    @Test
    void committedCandidatesAreAlwaysInTheSearchesChoice() {
        Graph teacher = ShallowingTest.model("resnet18", 0.25, "3x32x32");
        List<Candidate> cs = Candidates.find(teacher);
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < cs.size(); i++) {
            scores.put(cs.get(i).relu(), 0.01 * (i + 1));
        }
        Budget budget = Budget.reluReduction(1.5).andMacReduction(1.2);
        SelectionResult free = Selection.select(teacher, cs, scores, budget, KernelMode.SAME);
        // the most sensitive candidate the search left out
        String costly = null;
        for (Candidate c : cs) {
            if (free.selected().stream().noneMatch(s -> s.relu().equals(c.relu()))) {
                costly = c.relu();
            }
        }
        assertFalse(costly == null);
        SelectionResult forced = Selection.selectIncluding(teacher, cs, scores, budget, KernelMode.SAME,
                Set.of(costly));
        String name = costly;
        assertTrue(forced.selected().stream().anyMatch(s -> s.relu().equals(name)), forced.names().toString());
        assertTrue(forced.reluReduction() >= 1.5 && forced.macReduction() >= 1.2);
    }
}
