package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;

import java.io.IOException;

/**
 * The seed's method: the least sensitive ReLU layers within the budget removed, the convs around each merged
 * ({@link Shallowing}, started as {@code --kernel-init} says: {@link ShallowStudent}), BN statistics re-estimated;
 * with {@code --gradual-epochs}, after the ReLUs have faded out in training ({@link GradualRemoval}).
 */
final class ShallowReduction implements Reduction {
    @Override
    public Prepared prepare(MethodContext c) throws IOException {
        Graph teacher = c.in().teacher();
        ShallowSettings s = c.settings();
        Planned planned = Planning.plan(c.in(), c.sensitivityForSelection(), s, c.out(), c.listener());
        int gradual = s.learning().gradualEpochs();
        // with gradual removal, the student is made from the teacher trained with its ReLUs faded out
        Graph from = gradual > 0 ? GradualRemoval.train(c, planned.selection().selected(), gradual) : teacher;
        ShallowStudent shallow = ShallowStudent.of(from, planned.selection().selected(), c);
        Students.Rewritten student = Students.beforeFineTuning(shallow.graph(), ChannelMasks.none(), c);
        return new Prepared(shallow.describe(planned.describe(s), s.kernel())
                .beforeFineTuning(student.accuracy()).gradualEpochs(gradual > 0 ? gradual : null).build(),
                planned.sensitivity(), student.student());
    }

    @Override
    public boolean merges() {
        return true;
    }
}
