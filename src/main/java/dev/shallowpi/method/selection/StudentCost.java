package dev.shallowpi.method.selection;

import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.OpCosts;
import dev.shallowpi.cost.PiProfile;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the method trades, per sample, under {@link ModelCost}'s counting convention: elements per
 * nonlinearity kind (the ReLUs among them), MACs, ReLU, nonlinear and linear depth, and conv layers.
 *
 * @param nonlinearities elements per nonlinearity kind, as {@link ModelCost#nonlinearities()}
 * @param nonlinearDepth as {@link ModelCost#nonlinearDepth()}: what the PI rounds are counted by
 */
public record StudentCost(Map<String, Long> nonlinearities, long macs, int reluDepth, int nonlinearDepth,
                          int linearDepth, int convs) {
    public StudentCost {
        nonlinearities = Collections.unmodifiableMap(new TreeMap<>(nonlinearities));
    }

    public static StudentCost of(ModelCost cost) {
        return new StudentCost(cost.nonlinearities(), cost.macs(), cost.reluDepth(), cost.nonlinearDepth(),
                cost.linearDepth(), cost.convs());
    }

    /** Elements through a ReLU or a capped ReLU: what ReLU budgets count. */
    public long relus() {
        return OpCosts.reluFamily(nonlinearities);
    }

    /** {@code before.relus / relus}: how many times fewer ReLUs (infinite when none is left). */
    public double reluReductionFrom(StudentCost before) {
        return ratio(before.relus(), relus());
    }

    /** {@code before.macs / macs}: below 1 when MACs went up. */
    public double macReductionFrom(StudentCost before) {
        return ratio(before.macs, macs);
    }

    /** Estimated online PI latency under {@code profile}, every nonlinearity kind priced as the profile says. */
    public double onlineSeconds(PiProfile profile) {
        return profile.onlineSeconds(profile.reluEquivalents(nonlinearities), macs, nonlinearDepth, linearDepth);
    }

    static double ratio(long before, long after) {
        return after == 0 ? Double.POSITIVE_INFINITY : (double) before / after;
    }
}
