package dev.shallowpi.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the student must reach: a ReLU target (a reduction ratio, a maximum count, or both: the stricter
 * holds), a MAC reduction ratio under the chosen kernel mode, or both a ReLU and a MAC target (both must hold);
 * or an explicit list of candidates ({@code --blocks}), with any targets given checked against it. Null means
 * "not asked for".
 *
 * @param reluReduction teacher ReLUs / student ReLUs must be at least this
 * @param reluBudget    student ReLUs must be at most this
 * @param macReduction  teacher MACs / student MACs must be at least this (below 1 allows MACs to grow)
 * @param blocks        ReLU node names or block prefixes ({@code layer1.0}); empty unless named
 */
public record Budget(Double reluReduction, Long reluBudget, Double macReduction, List<String> blocks) {
    public Budget {
        requirePositiveRatio(reluReduction, "--relu-reduction");
        requirePositiveRatio(macReduction, "--mac-reduction");
        if (reluBudget != null && reluBudget < 0) {
            throw new IllegalArgumentException("--relu-budget must be >= 0, got " + reluBudget);
        }
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        if (reluReduction == null && reluBudget == null && macReduction == null && blocks.isEmpty()) {
            throw new IllegalArgumentException("a budget needs --relu-reduction, --relu-budget, --mac-reduction or"
                    + " --blocks");
        }
    }

    private static void requirePositiveRatio(Double r, String flag) {
        if (r != null && !(r > 0 && r < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(flag + " must be a positive ratio, got " + r);
        }
    }

    public static Budget reluReduction(double ratio) {
        return new Budget(ratio, null, null, null);
    }

    public static Budget reluBudget(long relus) {
        return new Budget(null, relus, null, null);
    }

    public static Budget macReduction(double ratio) {
        return new Budget(null, null, ratio, null);
    }

    public static Budget blocks(List<String> names) {
        return new Budget(null, null, null, names);
    }

    /** This budget with a MAC reduction target as well. */
    public Budget andMacReduction(double ratio) {
        return new Budget(reluReduction, reluBudget, ratio, blocks);
    }

    /** This budget with a ReLU reduction target as well. */
    public Budget andReluReduction(double ratio) {
        return new Budget(ratio, reluBudget, macReduction, blocks);
    }

    /** This budget with a maximum ReLU count as well. */
    public Budget andReluBudget(long relus) {
        return new Budget(reluReduction, relus, macReduction, blocks);
    }

    public boolean hasReluTarget() {
        return reluReduction != null || reluBudget != null;
    }

    public boolean hasMacTarget() {
        return macReduction != null;
    }

    public boolean isNamed() {
        return !blocks.isEmpty();
    }

    /** {@code ReLU reduction 1.73x and MAC reduction 1.47x}, for messages. */
    public String describeTargets() {
        List<String> parts = new ArrayList<>();
        if (reluReduction != null) {
            parts.add("ReLU reduction " + ratio(reluReduction));
        }
        if (reluBudget != null) {
            parts.add("ReLU budget " + reluBudget);
        }
        if (macReduction != null) {
            parts.add("MAC reduction " + ratio(macReduction));
        }
        return String.join(" and ", parts);
    }

    static String ratio(double r) {
        return Double.isInfinite(r) ? "infinite" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
