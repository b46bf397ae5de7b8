package dev.shallowpi.method;

import dev.shallowpi.method.selection.Budget;

/** The budget checks the methods that do not merge share: what each refuses, naming the flag. */
final class BudgetRules {
    private BudgetRules() {
    }

    /**
     * Culling and channel masks change only ReLUs (and ReLU depth), so they refuse MAC and latency targets.
     *
     * @param name the method's name, as the user gave it
     */
    static void requireReluTargetOnly(Budget b, String name) {
        if (b.macReduction() != null || b.latencyReduction() != null) {
            throw new IllegalArgumentException((b.macReduction() != null ? "--mac-reduction" : "--latency-reduction")
                    + ": --method " + name + " removes ReLUs without merging, so it works to a ReLU target only "
                    + "(--relu-budget or --relu-reduction)");
        }
    }

    static IllegalArgumentException needsReluTarget(String name) {
        return new IllegalArgumentException("--method " + name + " needs a ReLU target: --relu-budget N or "
                + "--relu-reduction R");
    }
}
