package dev.shallowpi.engine;

/** Linear warm-up from zero to the base rate, then cosine decay to zero at the last step. */
public record LrSchedule(double base, long warmupSteps, long totalSteps) {
    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        long span = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / span);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
