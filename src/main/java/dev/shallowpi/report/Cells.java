package dev.shallowpi.report;

import dev.shallowpi.cost.Units;

import java.util.Locale;

/**
 * How the HTML report shows a number, by kind. Every numeric cell also carries the exact JSON value
 * ({@code data-v}) and where it comes from ({@code data-key}), so that a test can check the table against the
 * JSON it was made from.
 */
enum Cells {
    /** A whole count: {@code 108,544}. */
    COUNT,
    /** A fraction in [0, 1] shown as a percentage: {@code 93.54 %}. */
    PERCENT,
    /** Three significant digits with a unit prefix: {@code 10.6 s}. */
    SECONDS,
    /** As SECONDS, in bytes: {@code 660 MB}. */
    BYTES,
    /** A ratio: {@code 1.73x}. */
    RATIO,
    /** Accuracy points: {@code 0.47 points}. */
    POINTS;

    String format(double v) {
        return switch (this) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(v));
            case PERCENT -> String.format(Locale.ROOT, "%.2f %%", 100 * v);
            case SECONDS -> Units.of(v, "s");
            case BYTES -> Units.of(v, "B");
            case RATIO -> Double.isInfinite(v) ? "infinite" : String.format(Locale.ROOT, "%.2fx", v);
            case POINTS -> String.format(Locale.ROOT, "%.2f points", v);
        };
    }

    /**
     * The exact value as JSON writes it: a record's whole-number component as an integer, a floating-point one as
     * Jackson prints a double ({@link Double#toString}).
     */
    static String exact(Number v) {
        return v instanceof Double || v instanceof Float ? Double.toString(v.doubleValue())
                : Long.toString(v.longValue());
    }
}
