package dev.shallowpi.engine;

/** Linear warm-up from zero to the base rate, then cosine decay to zero at the last step. */
public record LrSchedule(double base, long warmupSteps, long totalSteps) {
    /**
     * The base rate at every step: a cosine that never starts (its end is at {@code Long.MAX_VALUE}), for phases
     * that stop on a condition rather than at a known step, where a decaying rate would also decay their progress.
     */
    public static LrSchedule constant(double lr) {
        return new LrSchedule(lr, 0, Long.MAX_VALUE);
    }

    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        long span = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / span);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
