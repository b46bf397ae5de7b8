package dev.shallowpi.method;

/**
 * A budget as the searches see it: the most ReLUs and MACs a student may keep, and how far a selection is from
 * them. Distances are normalised by each target's need (what the teacher must lose to meet it), so that ReLUs
 * and MACs, which differ by orders of magnitude, weigh alike: closing the whole ReLU gap counts 1, the whole
 * MAC gap 1.
 */
final class Targets {
    final long teacherRelus;
    final long teacherMacs;
    /** Most ReLUs allowed; {@code Long.MAX_VALUE} when there is no ReLU target. */
    final long allowedRelus;
    /** Most MACs allowed; {@code Long.MAX_VALUE} when there is no MAC target. */
    final long allowedMacs;
    private final double reluScale;
    private final double macScale;

    Targets(Budget budget, StudentCost teacher) {
        this(teacher.relus(), teacher.macs(), allowedRelus(budget, teacher.relus()),
                budget.macReduction() == null ? Long.MAX_VALUE
                        : (long) Math.floor(teacher.macs() / budget.macReduction()));
    }

    private Targets(long teacherRelus, long teacherMacs, long allowedRelus, long allowedMacs) {
        this.teacherRelus = teacherRelus;
        this.teacherMacs = teacherMacs;
        this.allowedRelus = allowedRelus;
        this.allowedMacs = allowedMacs;
        this.reluScale = scale(teacherRelus, allowedRelus);
        this.macScale = scale(teacherMacs, allowedMacs);
    }

    private static long allowedRelus(Budget budget, long teacherRelus) {
        long relus = Long.MAX_VALUE;
        if (budget.reluReduction() != null) {
            relus = (long) Math.floor(teacherRelus / budget.reluReduction());
        }
        if (budget.reluBudget() != null) {
            relus = Math.min(relus, budget.reluBudget());
        }
        return relus;
    }

    /** The ReLU target alone. */
    Targets withoutMac() {
        return new Targets(teacherRelus, teacherMacs, allowedRelus, Long.MAX_VALUE);
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

    boolean reluMet(long relus) {
        return relus <= allowedRelus;
    }

    boolean macMet(long macs) {
        return macs <= allowedMacs;
    }

    boolean met(long relus, long macs) {
        return reluMet(relus) && macMet(macs);
    }

    /** How far from meeting the targets: the normalised excess over each, summed (0 when met). */
    double unmet(long relus, long macs) {
        double u = 0;
        if (hasRelu()) {
            u += Math.max(0, relus - allowedRelus) / reluScale;
        }
        if (hasMac()) {
            u += Math.max(0, macs - allowedMacs) / macScale;
        }
        return u;
    }

    /** How much of each target's need a selection covers, summed over the targets (may exceed their count). */
    double saving(long relus, long macs) {
        double s = 0;
        if (hasRelu()) {
            s += (teacherRelus - relus) / reluScale;
        }
        if (hasMac()) {
            s += (teacherMacs - macs) / macScale;
        }
        return s;
    }
}
