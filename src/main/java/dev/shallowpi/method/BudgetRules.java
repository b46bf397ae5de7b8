package dev.shallowpi.method;

import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

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
            throw new SettingException(b.macReduction() != null ? Setting.MAC_REDUCTION : Setting.LATENCY_REDUCTION,
                    ": ", Setting.METHOD, " ", name, " removes ReLUs without merging, so it works to a ReLU target only (",
                    Setting.RELU_BUDGET, " or ", Setting.RELU_REDUCTION, ")");
        }
    }

    static SettingException needsReluTarget(String name) {
        return new SettingException(Setting.METHOD, " ", name, " needs a ReLU target: ", Setting.RELU_BUDGET, " N or ",
                Setting.RELU_REDUCTION, " R");
    }
}
