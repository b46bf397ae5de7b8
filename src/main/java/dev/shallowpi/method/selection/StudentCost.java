package dev.shallowpi.method.selection;

import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiProfile;

/**
 * The figures the method trades, per sample, under {@link ModelCost}'s counting convention: ReLUs, MACs, ReLU
 * and linear depth, and conv layers.
 */
public record StudentCost(long relus, long macs, int reluDepth, int linearDepth, int convs) {
    public static StudentCost of(ModelCost cost) {
        return new StudentCost(cost.relus(), cost.macs(), cost.reluDepth(), cost.linearDepth(), cost.convs());
    }

    /** {@code before.relus / relus}: how many times fewer ReLUs (infinite when none is left). */
    public double reluReductionFrom(StudentCost before) {
        return ratio(before.relus, relus);
    }

    /** {@code before.macs / macs}: below 1 when MACs went up. */
    public double macReductionFrom(StudentCost before) {
        return ratio(before.macs, macs);
    }

    /** Estimated online PI latency under {@code profile}. */
    public double onlineSeconds(PiProfile profile) {
        return profile.onlineSeconds(relus, macs, reluDepth, linearDepth);
    }

    static double ratio(long before, long after) {
        return after == 0 ? Double.POSITIVE_INFINITY : (double) before / after;
    }
}
