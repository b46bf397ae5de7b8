package dev.shallowpi.method;

import dev.shallowpi.fold.GraphEdit;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Relu;

import java.util.Collection;

/**
 * DeepReDuce-style culling, the rewrite: the named ReLU nodes are gone (their readers read their input) and
 * nothing else changes; the convs around a culled ReLU stay as they were, so ReLUs and ReLU depth go down but
 * MACs and linear depth do not. The teacher is never changed.
 */
public final class Culling {
    private Culling() {
    }

    public static Graph student(Graph teacher, Collection<String> relus) {
        GraphEdit edit = new GraphEdit(teacher);
        for (String relu : relus) {
            if (!teacher.hasNode(relu) || !(teacher.node(relu).op() instanceof Relu)) {
                throw new IllegalArgumentException("'" + relu + "' is not a ReLU node of the teacher");
            }
            edit.remove(relu);
            edit.alias(relu, teacher.node(relu).inputs().get(0));
        }
        return edit.build();
    }
}
