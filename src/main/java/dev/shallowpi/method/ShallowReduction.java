package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;

import java.io.IOException;

/**
 * The seed's method: the least sensitive ReLU layers within the budget removed, the convs around each merged
 * ({@link Shallowing}, started as {@code --kernel-init} says: {@link ShallowStudent}), BN statistics re-estimated.
 */
final class ShallowReduction implements Reduction {
    @Override
    public Prepared prepare(MethodContext c) throws IOException {
        Graph teacher = c.in().teacher();
        ShallowSettings s = c.settings();
        Planned planned = Planning.plan(teacher, c.sensitivityForSelection(), s, c.out(), c.listener());
        ShallowStudent shallow = ShallowStudent.of(teacher, planned.selection().selected(), c);
        Students.Rewritten student = Students.beforeFineTuning(shallow.graph(), ChannelMasks.none(), c);
        return new Prepared(shallow.describe(Planning.of(planned.selection(), s), s.kernel())
                .beforeFineTuning(student.accuracy()).build(), planned.sensitivity(), student.student());
    }

    @Override
    public boolean merges() {
        return true;
    }
}
