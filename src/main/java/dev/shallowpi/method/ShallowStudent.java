package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.results.KernelFitReport;
import dev.shallowpi.results.Plan;

import java.util.Collection;
import java.util.List;

/**
 * The shallow student of a selection under the run's settings ({@link Shallowing}), its merged convs started as
 * {@code --kernel-init} says, and what the plan records of that start.
 *
 * @param fits each fitted conv's errors ({@code fit} only; empty when every chain was exact or nothing merged)
 */
record ShallowStudent(Graph graph, KernelInit init, List<KernelFitReport> fits) {
    static ShallowStudent of(Graph teacher, Collection<Candidate> selected, MethodContext c) {
        ShallowSettings s = c.settings();
        KernelInit init = s.learning().kernelInit();
        if (s.kernel() != KernelMode.SAME || init == KernelInit.CROP) {
            return new ShallowStudent(Shallowing.student(teacher, selected, s.kernel()), init, List.of());
        }
        FittedKernels fitted = new FittedKernels(Shallowing.student(teacher, selected, KernelMode.EXACT),
                init == KernelInit.FIT_TEACHER ? c.in().teacher() : null, c.in().calibration(),
                c.in().data().normalization(), s.fineTune().batchSize(), c.listener());
        Graph student = Shallowing.student(teacher, selected, s.kernel(), fitted);
        return new ShallowStudent(student, init, fitted.reports());
    }

    /** The plan's record of how the merged convs started (nothing under {@code --kernel exact}). */
    Plan.Builder describe(Plan.Builder plan, KernelMode mode) {
        return mode == KernelMode.SAME ? plan.kernelInit(init.cliName(), init == KernelInit.CROP ? null : fits) : plan;
    }
}
