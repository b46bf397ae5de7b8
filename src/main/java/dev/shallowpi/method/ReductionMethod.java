package dev.shallowpi.method;

import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code shallow} reduces ReLUs ({@code --method}): the seed's block-level removal and merge, or one of the
 * baselines it is compared with, or both levels together.
 */
public enum ReductionMethod {
    /** The seed: whole ReLU layers removed by sensitivity, the convs around each merged (the default). */
    SHALLOW(new ShallowReduction()),
    /** DeepReDuce-style culling: whole ReLU layers removed by sensitivity, nothing merged. */
    CULL(new CullReduction()),
    /** SNL: a learnable alpha per channel driven down by an L1 penalty to the budget, then binarised. */
    SNL(new SnlReduction()),
    /** The seed's removal and merge first, then SNL-style channel masks on the ReLU layers left, to the budget. */
    JOINT(new JointReduction());

    private final Reduction reduction;

    ReductionMethod(Reduction reduction) {
        this.reduction = reduction;
    }

    /** How the method makes its student. */
    Reduction reduction() {
        return reduction;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code shallow}, {@code cull}, {@code snl} or {@code joint} (any case); anything else names the flag. */
    public static ReductionMethod parse(String text) {
        List<String> known = new ArrayList<>();
        for (ReductionMethod m : values()) {
            if (m.cliName().equalsIgnoreCase(text.trim())) {
                return m;
            }
            known.add(m.cliName());
        }
        throw new SettingException(Setting.METHOD, ": unknown method '", text, "'; known: ",
                String.join(", ", known));
    }

    /** Whether deployment merges conv pairs: only where the method made them mergeable. */
    boolean merges() {
        return reduction.merges();
    }

    /** Whether the method ranks whole ReLU layers by the sensitivity measurement. */
    public boolean usesSensitivity() {
        return reduction.ranksLayers();
    }

    /** Refuses a budget the method cannot work to, naming the flag. */
    void check(Budget b) {
        reduction.check(b, cliName());
    }
}
