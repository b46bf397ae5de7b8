package dev.shallowpi.method;

/**
 * Which part of a sweep or comparison one invocation does. {@link Step#ALL} is everything in one process. A job
 * array splits it: {@link Step#PREPARE} once (the settings, the teacher's figures and the shared sensitivity, written
 * to the output folder), then {@link Step#UNIT} for each unit, as many at once as the cluster runs (each reads what
 * PREPARE wrote and writes only its own folder), then {@link Step#COLLECT} once (the summary files and the report).
 *
 * @param unit the unit's index in the plan (0-based) for {@link Step#UNIT}, else -1
 */
public record SweepPart(Step step, int unit) {
    public enum Step { ALL, PREPARE, UNIT, COLLECT }

    public static final SweepPart ALL = new SweepPart(Step.ALL, -1);
    public static final SweepPart PREPARE = new SweepPart(Step.PREPARE, -1);
    public static final SweepPart COLLECT = new SweepPart(Step.COLLECT, -1);

    public SweepPart {
        if ((step == Step.UNIT) != (unit >= 0)) {
            throw new IllegalArgumentException("a unit index belongs to Step.UNIT only, got " + step + " " + unit);
        }
    }

    public static SweepPart unit(int index) {
        return new SweepPart(Step.UNIT, index);
    }

    /** Whether this part concerns unit {@code index}: a unit only itself, every other part all of them. */
    public boolean includes(int index) {
        return step != Step.UNIT || unit == index;
    }

    /** Whether this part trains units: everything at once, or one unit of a job array. */
    public boolean runsUnits() {
        return step == Step.ALL || step == Step.UNIT;
    }

    /** Whether this part writes the summary files ({@code sweep.json}, ...); a unit never does, others may run. */
    public boolean writesSummary() {
        return step != Step.UNIT;
    }
}
