package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.BudgetException;

/**
 * One way of making the student, behind {@link ReductionMethod}: the seed's ({@link ShallowReduction}), culling
 * ({@link CullReduction}), SNL ({@link SnlReduction}) or both levels ({@link JointReduction}). The pipeline then
 * treats every student alike: fine-tuning, mask lowering, deployment, verification, export, report. A fifth method
 * is a class implementing this and one constant in {@link ReductionMethod}.
 */
interface Reduction {
    /**
     * The student to fine-tune (BN statistics re-estimated when the settings ask), its plan, and the sensitivity it
     * ranked by; writes {@code sensitivity.json} into the run's folder.
     */
    Prepared prepare(MethodContext c) throws java.io.IOException;

    /** Whether deployment merges conv pairs: only where the method made them mergeable (not by default). */
    default boolean merges() {
        return false;
    }

    /** Whether the method ranks whole ReLU layers by the sensitivity measurement (by default it does). */
    default boolean ranksLayers() {
        return true;
    }

    /** Whether the method masks channels (its settings then include the channel stage's). */
    default boolean masksChannels() {
        return false;
    }

    /**
     * The budget its selection of whole ReLU layers works to, to check before any measuring that one can meet it
     * ({@link BudgetException} otherwise); null when the method selects no layers. By default the run's budget.
     */
    default Budget selectionBudget(Graph teacher, ShallowSettings s) {
        return s.budget();
    }

    /**
     * Refuses a budget the method cannot work to, naming the flag; by default every target applies (removing and
     * merging changes ReLUs, MACs, depth and latency).
     *
     * @param name the method's name, as the user gave it
     */
    default void check(Budget b, String name) {
    }
}
