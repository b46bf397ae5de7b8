package dev.shallowpi.cli;

import dev.shallowpi.method.SweepPart;
import picocli.CommandLine.Option;

/**
 * The job-array flags of {@code sweep} and {@code compare}: {@code --prepare}, {@code --unit K}, {@code --collect}
 * (at most one; none runs everything), and {@code --executor} (local, or the units as Spark tasks). They say which
 * part of the run to do and where, not what it computes, so a run folder does not store them.
 */
final class SweepPartOptions {
    static final String EXECUTOR = "--executor";

    @Option(names = "--prepare", description = "Job arrays: only check the settings, write the summary and measure "
            + "the sensitivity the units share; run before the units.")
    boolean prepare;

    @Option(names = "--unit", paramLabel = "K", description = "Job arrays: only run unit K (0-based: the K-th "
            + "budget or method as listed), writing only its folder; after --prepare, any number at once.")
    Integer unit;

    @Option(names = "--collect", description = "Job arrays: only gather the finished units into the summary files "
            + "and report.html; after the units.")
    boolean collect;

    @Option(names = EXECUTOR, defaultValue = "local", paramLabel = "local|spark", description = "Where the units run: "
            + "local (here, one after the other; default) or spark (one Spark task per unit, under spark-submit; "
            + "the output folder on storage every executor sees).")
    String executor;

    /** Whether the units run as Spark tasks; refuses another executor, or one combined with a job-array step. */
    boolean onSpark() {
        if (!executor.equals("local") && !executor.equals("spark")) {
            throw new UserError(EXECUTOR + " must be local or spark, got '" + executor + "'");
        }
        if (executor.equals("spark") && (prepare || unit != null || collect)) {
            throw new UserError(EXECUTOR + " spark runs --prepare, each --unit and --collect itself: give none of "
                    + "them");
        }
        return executor.equals("spark");
    }

    SweepPart part() {
        int given = (prepare ? 1 : 0) + (unit != null ? 1 : 0) + (collect ? 1 : 0);
        if (given > 1) {
            throw new UserError("--prepare, --unit and --collect are steps of a job array: give one of them");
        }
        if (unit != null && unit < 0) {
            throw new UserError("--unit must be >= 0, got " + unit);
        }
        return prepare ? SweepPart.PREPARE : collect ? SweepPart.COLLECT : unit != null ? SweepPart.unit(unit)
                : SweepPart.ALL;
    }
}
