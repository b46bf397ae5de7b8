package dev.shallowpi.method;

import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.BatchNormCalibration;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.fold.ReluRemoval;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.method.sensitivity.AblationSensitivity;
import dev.shallowpi.results.GreedyRound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --remeasure}: a selection that sees interactions between the ReLUs it removes. Each round searches the
 * budget as usual with the current scores and the candidates committed so far held in ({@link
 * Selection#selectIncluding}; a subset holding them all exists, since the round that committed the last one chose
 * it), commits the least sensitive candidate of that choice not yet committed, and measures every candidate not
 * committed again by ablation, now on the teacher with the committed ReLUs removed (its BN statistics
 * re-estimated): how much more each would cost given what is already gone. It ends when the search chooses nothing
 * beyond the committed set, so the committed set always meets the budget.
 *
 * <p>It may meet it with room to spare: a round commits the cheapest candidate of a choice that later rounds,
 * re-measured, abandon for others, and the committed set then removes more than asked (on the demo teacher /1.89
 * for /1.73, three layers of {@code layer1}). So the selection is the least sensitive subset of the committed set
 * (each scored as it was when committed) that still meets the budget; the rounds say which it released.
 *
 * <p>The re-measurements use the first {@value #IMAGES} calibration images (fewer when the split is smaller), a fifth
 * of the first measurement's 5,000, since a round measures nearly every candidate again: 6-10 s a round on the demo
 * teacher, 64 s for its eight rounds at ReLU /2 (BENCHMARKS.md).
 */
final class RemeasuredSelection {
    static final int IMAGES = 1000;

    private RemeasuredSelection() {
    }

    /** The selection, and each round's commitment. */
    record Result(SelectionResult selection, List<GreedyRound> rounds) {
    }

    static Result select(MethodInputs in, List<Candidate> candidates, Map<String, Double> first, ShallowSettings s,
                         MethodListener listener) {
        Graph teacher = in.teacher();
        ImageSet images = in.calibration().first(IMAGES);
        Map<String, Double> scores = new LinkedHashMap<>(first);
        Set<String> committed = new LinkedHashSet<>();
        List<GreedyRound> rounds = new ArrayList<>();
        while (true) {
            SelectionResult r = Selection.selectIncluding(teacher, candidates, scores, s.budget(), s.kernel(),
                    committed);
            String pick = null;
            for (Candidate c : r.selected()) {
                if (!committed.contains(c.relu()) && (pick == null || scores.get(c.relu()) < scores.get(pick))) {
                    pick = c.relu();
                }
            }
            if (pick == null) {
                return trimmed(teacher, r, rounds, s.budget(), listener);
            }
            committed.add(pick);
            double picked = scores.get(pick);
            long start = System.nanoTime();
            List<String> rest = new ArrayList<>();
            candidates.forEach(c -> {
                if (!committed.contains(c.relu())) {
                    rest.add(c.relu());
                }
            });
            if (!rest.isEmpty()) {
                Graph base = withoutRelus(teacher, committed, images, in, s);
                AblationSensitivity.measure(base, rest, images, in.data().normalization(), s.fineTune().batchSize(),
                        (m, done, total) -> { }).forEach((relu, m) -> scores.put(relu, m.kl()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            rounds.add(new GreedyRound(pick, picked, r.selected().size(), seconds, false));
            listener.message(String.format(Locale.ROOT, "greedy round %d: %s (score %.4f) committed; the search "
                    + "chose %d; %d others measured again in %.1f s", rounds.size(), pick, picked,
                    r.selected().size(), rest.size(), seconds));
        }
    }

    /**
     * The least sensitive subset of the rounds' committed candidates that meets the budget, and the rounds marked by
     * it; {@code last} is the final round's search, whose choice is exactly the committed set.
     */
    static Result trimmed(Graph teacher, SelectionResult last, List<GreedyRound> rounds, Budget budget,
                          MethodListener listener) {
        if (rounds.isEmpty()) {
            return new Result(last, rounds);
        }
        Map<String, Double> asCommitted = new LinkedHashMap<>();
        rounds.forEach(g -> asCommitted.put(g.relu(), g.score()));
        SelectionResult subset = Selection.select(teacher, last.selected(), asCommitted, budget, last.mode());
        // described as the rounds' search, over the whole pool, which is what chose these candidates
        SelectionResult kept = new SelectionResult(subset.selected(), subset.mode(), last.search(), last.pool(),
                subset.costs(), subset.totalSensitivity());
        Set<String> names = new LinkedHashSet<>(kept.names());
        List<GreedyRound> marked = new ArrayList<>();
        for (GreedyRound g : rounds) {
            boolean in = names.contains(g.relu());
            marked.add(new GreedyRound(g.relu(), g.score(), g.searchChose(), g.seconds(), !in));
            if (!in) {
                listener.message("the budget is met without " + g.relu() + " (greedy round " + marked.size()
                        + "): that ReLU stays");
            }
        }
        return new Result(kept, marked);
    }

    /** The teacher with the committed ReLUs removed, its BN statistics re-estimated on {@code images}. */
    private static Graph withoutRelus(Graph teacher, Set<String> committed, ImageSet images, MethodInputs in,
                                      ShallowSettings s) {
        Graph g = ReluRemoval.drop(teacher, committed).graph();
        try (EngineModel m = EngineModel.frozen(g)) {
            BatchNormCalibration.reestimate(m, images, in.data().normalization(), s.fineTune().batchSize());
            return m.toGraph();
        }
    }
}
