package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.results.GreedyRound;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The re-measured selection's rounds: a committed candidate stays chosen, however its score compares; and the end
 * releases the committed candidates the budget does not need.
 */
class RemeasuredSelectionTest {
    @Test
    void theEndKeepsTheLeastSensitiveCommittedSubsetThatMeetsTheBudget() {
        Graph teacher = ShallowingTest.model("resnet18", 0.25, "3x32x32");
        List<Candidate> cs = Candidates.find(teacher);
        Budget budget = Budget.reluReduction(1.5).andMacReduction(1.2);
        // rounds that committed every candidate, most sensitive first: far more than the budget needs
        List<GreedyRound> rounds = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < cs.size(); i++) {
            double score = 0.01 * (cs.size() - i);
            rounds.add(new GreedyRound(cs.get(i).relu(), score, cs.size(), 1.0, false));
            scores.put(cs.get(i).relu(), score);
        }
        SelectionResult all = Selection.selectIncluding(teacher, cs, scores, budget, KernelMode.SAME,
                Set.copyOf(scores.keySet()));
        assertEquals(cs.size(), all.selected().size());
        List<String> messages = new ArrayList<>();
        MethodListener listener = new MethodListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        };
        RemeasuredSelection.Result r = RemeasuredSelection.trimmed(teacher, all, rounds, budget, listener);
        // the same as searching the committed set with the scores they were committed at
        assertEquals(Selection.select(teacher, cs, scores, budget, KernelMode.SAME).names(), r.selection().names());
        assertTrue(r.selection().reluReduction() >= 1.5 && r.selection().macReduction() >= 1.2);
        assertTrue(r.selection().selected().size() < cs.size(), r.selection().names().toString());
        assertEquals(all.pool(), r.selection().pool());
        assertEquals(rounds.size(), r.rounds().size());
        int released = 0;
        for (GreedyRound g : r.rounds()) {
            assertEquals(!r.selection().names().contains(g.relu()), g.released(), g.relu());
            released += g.released() ? 1 : 0;
        }
        assertEquals(released, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("the budget is met without "), messages.get(0));

        // a committed set the budget needs whole releases nothing
        SelectionResult needed = Selection.select(teacher, cs, scores, budget, KernelMode.SAME);
        List<GreedyRound> neededRounds = new ArrayList<>();
        needed.names().forEach(n -> neededRounds.add(new GreedyRound(n, scores.get(n), needed.selected().size(), 1.0,
                false)));
        RemeasuredSelection.Result same = RemeasuredSelection.trimmed(teacher, needed, neededRounds, budget,
                new MethodListener() { });
        assertEquals(needed.names(), same.selection().names());
        assertTrue(same.rounds().stream().noneMatch(GreedyRound::released));
    }

    @Test
    void aRoundOfAPlanWrittenBeforeReleasesReadsAsKept() throws Exception {
        GreedyRound old = dev.shallowpi.checkpoint.Checkpoint.json().readValue(
                "{\"relu\":\"layer1.0.relu1\",\"score\":0.01,\"searchChose\":7,\"seconds\":6.5}", GreedyRound.class);
        assertEquals("layer1.0.relu1", old.relu());
        assertFalse(old.released());
    }

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
