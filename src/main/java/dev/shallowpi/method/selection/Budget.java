package dev.shallowpi.method.selection;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the student must reach: a ReLU target (a reduction ratio, a maximum count, or both: the stricter
 * holds), a MAC reduction ratio under the chosen kernel mode, an estimated PI latency reduction under a profile,
 * or several of them (all must hold); or an explicit list of candidates ({@code --blocks}), with any targets
 * given checked against it. Null means "not asked for".
 *
 * @param reluReduction    teacher ReLUs / student ReLUs must be at least this
 * @param reluBudget       student ReLUs must be at most this
 * @param macReduction     teacher MACs / student MACs must be at least this (below 1 allows MACs to grow)
 * @param latencyReduction teacher / student estimated online PI latency under {@code profile} must be at least
 *                         this
 * @param profile          the protocol and network the latency is estimated for; required with a latency target
 *                         (there is no protocol-neutral latency), ignored without one
 * @param blocks           ReLU node names or block prefixes ({@code layer1.0}); empty unless named
 */
public record Budget(Double reluReduction, Long reluBudget, Double macReduction, Double latencyReduction,
                     PiProfile profile, List<String> blocks) {
    public Budget {
        requirePositiveRatio(reluReduction, Setting.RELU_REDUCTION);
        // no student has more ReLUs than its teacher: a ratio below 1 is a ratio read upside down
        if (reluReduction != null && reluReduction < 1) {
            throw new SettingException(Setting.RELU_REDUCTION, " must be at least 1 (teacher ReLUs / student ReLUs: "
                    + "2 keeps half), got ", reluReduction);
        }
        requirePositiveRatio(macReduction, Setting.MAC_REDUCTION);
        requirePositiveRatio(latencyReduction, Setting.LATENCY_REDUCTION);
        if (reluBudget != null && reluBudget < 0) {
            throw new SettingException(Setting.RELU_BUDGET, " must be >= 0, got ", reluBudget);
        }
        if (latencyReduction != null && profile == null) {
            throw new SettingException(Setting.LATENCY_REDUCTION, " needs ", Setting.PI_PROFILE, " (delphi-lan, "
                    + "delphi-wan or a file): an estimated latency depends on the protocol and the network");
        }
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        if (reluReduction == null && reluBudget == null && macReduction == null && latencyReduction == null
                && blocks.isEmpty()) {
            throw new SettingException("a budget needs ", Setting.RELU_REDUCTION, ", ", Setting.RELU_BUDGET, ", ",
                    Setting.MAC_REDUCTION, ", ", Setting.LATENCY_REDUCTION, " or ", Setting.BLOCKS);
        }
    }

    /** Without a latency target. */
    public Budget(Double reluReduction, Long reluBudget, Double macReduction, List<String> blocks) {
        this(reluReduction, reluBudget, macReduction, null, null, blocks);
    }

    private static void requirePositiveRatio(Double r, Setting setting) {
        if (r != null && !(r > 0 && r < Double.POSITIVE_INFINITY)) {
            throw new SettingException(setting, " must be a positive ratio, got ", r);
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

    /** Estimated online PI latency, teacher / student, at least {@code ratio} under {@code profile}. */
    public static Budget latencyReduction(double ratio, PiProfile profile) {
        return new Budget(null, null, null, ratio, profile, null);
    }

    /** This budget with a MAC reduction target as well. */
    public Budget andMacReduction(double ratio) {
        return new Budget(reluReduction, reluBudget, ratio, latencyReduction, profile, blocks);
    }

    /** This budget with a ReLU reduction target as well. */
    public Budget andReluReduction(double ratio) {
        return new Budget(ratio, reluBudget, macReduction, latencyReduction, profile, blocks);
    }

    /** This budget with a maximum ReLU count as well. */
    public Budget andReluBudget(long relus) {
        return new Budget(reluReduction, relus, macReduction, latencyReduction, profile, blocks);
    }

    /** This budget with a latency reduction target as well. */
    public Budget andLatencyReduction(double ratio, PiProfile pi) {
        return new Budget(reluReduction, reluBudget, macReduction, ratio, pi, blocks);
    }

    /**
     * The most ReLUs a student of a teacher with {@code teacherRelus} may keep: the stricter of the reduction and
     * the count, or {@code Long.MAX_VALUE} without a ReLU target.
     */
    public long allowedRelus(long teacherRelus) {
        long relus = Long.MAX_VALUE;
        if (reluReduction != null) {
            relus = (long) Math.floor(teacherRelus / reluReduction);
        }
        if (reluBudget != null) {
            relus = Math.min(relus, reluBudget);
        }
        return relus;
    }

    public boolean hasReluTarget() {
        return reluReduction != null || reluBudget != null;
    }

    public boolean hasMacTarget() {
        return macReduction != null;
    }

    public boolean hasLatencyTarget() {
        return latencyReduction != null;
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
        if (latencyReduction != null) {
            parts.add("latency reduction " + ratio(latencyReduction) + " (" + profile.name() + ", online)");
        }
        return String.join(" and ", parts);
    }

    static String ratio(double r) {
        return Double.isInfinite(r) ? "infinite" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
