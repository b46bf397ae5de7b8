package dev.shallowpi.method.selection;

import dev.shallowpi.cost.PiProfile;

/**
 * A budget as the searches see it: the most ReLUs, MACs and estimated online latency a student may keep, and how
 * far a selection is from them. Distances are normalised by each target's need (what the teacher must lose to
 * meet it), so that ReLUs, MACs and seconds, which differ by orders of magnitude, weigh alike: closing the whole
 * ReLU gap counts 1, the whole MAC gap 1, the whole latency gap 1.
 */
final class Targets {
    final long teacherRelus;
    final long teacherMacs;
    /** The teacher's estimated online latency under the budget's profile; NaN without a latency target. */
    final double teacherLatency;
    /** Most ReLUs allowed; {@code Long.MAX_VALUE} when there is no ReLU target. */
    final long allowedRelus;
    /** Most MACs allowed; {@code Long.MAX_VALUE} when there is no MAC target. */
    final long allowedMacs;
    /** Most seconds allowed; infinite when there is no latency target. */
    final double allowedLatency;
    /** The profile latencies are estimated with; null without a latency target. */
    final PiProfile profile;
    private final double reluScale;
    private final double macScale;
    private final double latencyScale;

    Targets(Budget budget, StudentCost teacher) {
        this(teacher.relus(), teacher.macs(), budget.allowedRelus(teacher.relus()),
                budget.macReduction() == null ? Long.MAX_VALUE
                        : (long) Math.floor(teacher.macs() / budget.macReduction()),
                budget.hasLatencyTarget() ? new Latency(budget.profile(), teacher.onlineSeconds(budget.profile()),
                        teacher.onlineSeconds(budget.profile()) / budget.latencyReduction()) : Latency.NONE);
    }

    /** A latency target: the profile, the teacher's estimated online seconds, and the most allowed. */
    private record Latency(PiProfile profile, double teacher, double allowed) {
        static final Latency NONE = new Latency(null, Double.NaN, Double.POSITIVE_INFINITY);
    }

    private Targets(long teacherRelus, long teacherMacs, long allowedRelus, long allowedMacs, Latency latency) {
        this.teacherRelus = teacherRelus;
        this.teacherMacs = teacherMacs;
        this.allowedRelus = allowedRelus;
        this.allowedMacs = allowedMacs;
        this.profile = latency.profile();
        this.teacherLatency = latency.teacher();
        this.allowedLatency = latency.allowed();
        this.reluScale = scale(teacherRelus, allowedRelus);
        this.macScale = scale(teacherMacs, allowedMacs);
        double need = teacherLatency - allowedLatency;
        this.latencyScale = need > 0 ? need : Math.max(1e-12, Double.isNaN(teacherLatency) ? 1 : teacherLatency);
    }

    /** The ReLU target alone. */
    Targets withoutMac() {
        return new Targets(teacherRelus, teacherMacs, allowedRelus, Long.MAX_VALUE, Latency.NONE);
    }

    /**
     * The need, or the teacher's own amount when the teacher already meets the target (a selection can still
     * break it: EXACT merges add MACs).
     */
    private static double scale(long teacher, long allowed) {
        long need = teacher - allowed;
        return need > 0 ? need : Math.max(1, teacher);
    }

    boolean hasRelu() {
        return allowedRelus != Long.MAX_VALUE;
    }

    boolean hasMac() {
        return allowedMacs != Long.MAX_VALUE;
    }

    boolean hasLatency() {
        return profile != null;
    }

    boolean reluMet(long relus) {
        return relus <= allowedRelus;
    }

    boolean macMet(long macs) {
        return macs <= allowedMacs;
    }

    boolean latencyMet(double latency) {
        return !hasLatency() || latency <= allowedLatency;
    }

    boolean met(Point p) {
        return reluMet(p.relus()) && macMet(p.macs()) && latencyMet(p.latency());
    }

    /**
     * The estimated online latency of a student with these counts (only with a latency target): elements per
     * nonlinearity kind indexed as {@code OpCosts.NONLINEARITIES}.
     */
    double latency(long[] nonlinearities, long macs, int nonlinearDepth, int linearDepth) {
        return profile.onlineSeconds(profile.reluEquivalents(nonlinearities), macs, nonlinearDepth, linearDepth);
    }

    /** How far from meeting the targets: the normalised excess over each, summed (0 when met). */
    double unmet(Point p) {
        double u = 0;
        if (hasRelu()) {
            u += Math.max(0, p.relus() - allowedRelus) / reluScale;
        }
        if (hasMac()) {
            u += Math.max(0, p.macs() - allowedMacs) / macScale;
        }
        if (hasLatency()) {
            u += Math.max(0, p.latency() - allowedLatency) / latencyScale;
        }
        return u;
    }

    /** How much of each target's need a selection covers, summed over the targets (may exceed their count). */
    double saving(Point p) {
        double s = 0;
        if (hasRelu()) {
            s += (teacherRelus - p.relus()) / reluScale;
        }
        if (hasMac()) {
            s += (teacherMacs - p.macs()) / macScale;
        }
        if (hasLatency()) {
            s += (teacherLatency - p.latency()) / latencyScale;
        }
        return s;
    }
}
