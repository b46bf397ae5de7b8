package dev.shallowpi.method;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.BudgetException;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.method.selection.StudentCost;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** From a measured sensitivity to a selection under the budget, and the plan that records it. */
final class Planning {
    private Planning() {
    }

    /**
     * Refuses a budget no selection meets ({@link BudgetException}, naming the best reachable value). Whether a
     * budget is reachable does not depend on the sensitivities, so an impossible one is refused before minutes
     * of measuring.
     */
    static void checkReachable(Graph teacher, ShallowSettings s) {
        Budget budget = s.method().reduction().selectionBudget(teacher, s);
        if (budget == null) {
            return; // the method selects no layers: channel masks reach any ReLU count
        }
        List<Candidate> candidates = Candidates.find(teacher);
        Map<String, Double> uniform = new LinkedHashMap<>();
        candidates.forEach(c -> uniform.put(c.relu(), 1.0));
        Selection.select(teacher, candidates, uniform, budget, s.kernel());
    }

    /**
     * Selection from a measured sensitivity: writes it to {@code sensitivity.json} and the selection to
     * {@code plan.json} (without the student's accuracies, which the run adds).
     */
    static Planned plan(MethodInputs in, Sensitivity sensitivity, ShallowSettings s, Path out,
                        MethodListener listener) throws IOException {
        Graph teacher = in.teacher();
        Files.createDirectories(out);
        List<Candidate> candidates = Candidates.find(teacher);
        RunFiles.write(out.resolve(RunFiles.SENSITIVITY), sensitivity);
        Map<String, Double> scores = Sensitivities.scores(sensitivity);
        RemeasuredSelection.Result remeasured = s.ranking().remeasure()
                ? RemeasuredSelection.select(in, candidates, scores, s, listener) : null;
        SelectionResult chosen = remeasured != null ? remeasured.selection()
                : Selection.select(teacher, candidates, scores, s.budget(), s.kernel());
        listener.message(String.format(Locale.ROOT,
                "selected %d of %d candidates (%s): ReLUs /%.2f, MACs /%.2f, %s latency /%.2f predicted",
                chosen.selected().size(), candidates.size(), chosen.describeSearch(), chosen.reluReduction(),
                chosen.macReduction(), s.profile().name(), latencyReduction(chosen, s.profile())));
        Planned planned = new Planned(sensitivity, chosen, remeasured != null ? remeasured.rounds() : List.of());
        RunFiles.write(out.resolve(RunFiles.PLAN), planned.describe(s).build());
        return planned;
    }

    /** The plan's kernel for methods that merge no convs. */
    static final String NOTHING_MERGES = "none (nothing merges)";

    /** The plan of a selection of blocks: what was searched and chosen, and every figure it predicts. */
    static Plan.Builder of(SelectionResult chosen, ShallowSettings s) {
        StudentCost st = chosen.student();
        return Plan.builder(s.method().cliName(), s.budget().describeTargets(), s.kernel().cliName())
                .selection(chosen.describeSearch(), chosen.pool(), chosen.names())
                .predicted(new Plan.Predicted(st.relus(), st.macs(), chosen.reluReduction(), chosen.macReduction(),
                        st.reluDepth(), st.linearDepth(), s.profile().name(), st.onlineSeconds(s.profile()),
                        latencyReduction(chosen, s.profile())));
    }

    private static double latencyReduction(SelectionResult chosen, PiProfile profile) {
        return chosen.teacher().onlineSeconds(profile) / chosen.student().onlineSeconds(profile);
    }
}
