package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;

import java.io.IOException;
import java.util.Locale;

/**
 * DeepReDuce-style culling: the selection (least total sensitivity that meets the ReLU target, as the seed's) over
 * every ReLU layer, the ReLUs removed, nothing merged.
 */
final class CullReduction implements Reduction {
    @Override
    public Prepared prepare(MethodContext c) throws IOException {
        Graph teacher = c.in().teacher();
        ShallowSettings s = c.settings();
        Sensitivity sensitivity = c.sensitivityForSelection();
        RunFiles.write(c.out().resolve(RunFiles.SENSITIVITY), sensitivity);
        SelectionResult chosen = Selection.select(teacher, Candidates.find(teacher),
                Sensitivities.scores(sensitivity), s.budget(), s.kernel());
        c.listener().message(String.format(Locale.ROOT, "culling %d ReLU layers (%s): %d ReLUs left",
                chosen.selected().size(), chosen.describeSearch(), chosen.student().relus()));
        Students.Rewritten student = Students.beforeFineTuning(Culling.student(teacher, chosen.names()),
                ChannelMasks.none(), c);
        Plan.Builder plan = Plan.builder(s.method().cliName(), s.budget().describeTargets(), Planning.NOTHING_MERGES)
                .selection(chosen.describeSearch(), chosen.pool(), chosen.names());
        ChannelStage.predicted(plan, student.student(), ChannelMasks.none());
        return new Prepared(plan.beforeFineTuning(student.accuracy()).build(), sensitivity, student.student());
    }

    @Override
    public void check(Budget b, String name) {
        BudgetRules.requireReluTargetOnly(b, name);
        if (!b.hasReluTarget() && !b.isNamed()) {
            throw BudgetRules.needsReluTarget(name);
        }
    }
}
