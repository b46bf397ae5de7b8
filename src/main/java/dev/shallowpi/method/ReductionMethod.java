package dev.shallowpi.method;

import java.util.Locale;

/**
 * How {@code shallow} reduces ReLUs ({@code --method}): the seed's block-level removal and merge, or one of the
 * baselines it is compared with, or both levels together.
 */
public enum ReductionMethod {
    /** The seed: whole ReLU layers removed by sensitivity, the convs around each merged (the default). */
    SHALLOW,
    /** DeepReDuce-style culling: whole ReLU layers removed by sensitivity, nothing merged. */
    CULL,
    /** SNL: a learnable alpha per channel driven down by an L1 penalty to the budget, then binarised. */
    SNL,
    /** The seed's removal and merge first, then SNL-style channel masks on the ReLU layers left, to the budget. */
    JOINT;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code shallow}, {@code cull}, {@code snl} or {@code joint} (any case); anything else names the flag. */
    public static ReductionMethod parse(String text) {
        for (ReductionMethod m : values()) {
            if (m.cliName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("--method: unknown method '" + text + "'; known: shallow, cull, snl, joint");
    }

    /** Whether deployment merges conv pairs: only where the method made them mergeable. */
    boolean merges() {
        return this == SHALLOW || this == JOINT;
    }

    /** Whether the method ranks whole ReLU layers by the sensitivity measurement. */
    public boolean usesSensitivity() {
        return this != SNL;
    }

    /**
     * Refuses a budget the method cannot work to, naming the flag: culling and channel masks change only ReLUs (and
     * ReLU depth), so they take a ReLU target; joint takes one for its channel stage, and passes the rest to its
     * block stage.
     */
    void check(Budget b) {
        if (this == SHALLOW) {
            return;
        }
        if (this != JOINT && (b.macReduction() != null || b.latencyReduction() != null)) {
            throw new IllegalArgumentException((b.macReduction() != null ? "--mac-reduction" : "--latency-reduction")
                    + ": --method " + cliName() + " removes ReLUs without merging, so it works to a ReLU target only "
                    + "(--relu-budget or --relu-reduction)");
        }
        if (this == SNL && b.isNamed()) {
            throw new IllegalArgumentException("--blocks: --method snl chooses channels, not blocks; give "
                    + "--relu-budget or --relu-reduction");
        }
        if (!b.hasReluTarget() && !(this == CULL && b.isNamed())) {
            throw new IllegalArgumentException("--method " + cliName() + " needs a ReLU target: --relu-budget N or "
                    + "--relu-reduction R");
        }
    }
}
