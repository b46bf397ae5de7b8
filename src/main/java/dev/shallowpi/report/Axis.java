package dev.shallowpi.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear chart axis over a data range: rounded ends and tick values at steps of 1, 2 or 5 times a power of
 * ten, so that tick labels read as round numbers.
 */
record Axis(double min, double max, List<Double> ticks) {

    static Axis over(double lo, double hi, int aimTicks) {
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / Math.max(1, aimTicks));
        double min = Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-9; i++) {
            // rounded to the step's digits, so that 0.1 + 0.2 prints as 0.3
            ticks.add(Math.round((min + i * step) / step) * step);
        }
        return new Axis(min, max, ticks);
    }

    /** Data range padded by a fraction at both ends, so markers do not sit on the frame. */
    static Axis padded(double lo, double hi, double fraction, int aimTicks) {
        double pad = (hi - lo) * fraction;
        return over(lo - pad, hi + pad, aimTicks);
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    /** Position of {@code v} between {@code from} (at min) and {@code to} (at max). */
    double map(double v, double from, double to) {
        return from + (v - min) / (max - min) * (to - from);
    }
}
