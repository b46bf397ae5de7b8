package dev.shallowpi.report;

import dev.shallowpi.method.SweepBudget;
import dev.shallowpi.method.selection.Budget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartPartsTest {
    @Test
    void theParetoFrontKeepsOnlyPointsNothingBeatsOnBoth() {
        // (cost, accuracy): the second is dominated by the first, the fourth ties the third's cost with less
        List<double[]> pts = List.of(new double[] {10, 0.9}, new double[] {12, 0.85}, new double[] {5, 0.8},
                new double[] {5, 0.7}, new double[] {20, 0.95});
        assertEquals(List.of(2, 0, 4), Pareto.front(pts));
    }

    @Test
    void axesEndOnRoundNumbersAndCoverTheData() {
        Axis a = Axis.over(0, 113_971, 6);
        assertEquals(0, a.min());
        assertTrue(a.max() >= 113_971);
        assertEquals(List.of(0.0, 20_000.0, 40_000.0, 60_000.0, 80_000.0, 100_000.0, 120_000.0), a.ticks());
        Axis b = Axis.over(0.48, 0.95, 5);
        assertTrue(b.min() <= 0.48 && b.max() >= 0.95);
        assertEquals(0.1, b.ticks().get(1) - b.ticks().get(0), 1e-12);
        assertEquals(2.0, Axis.niceStep(1.3));
        assertEquals(5.0, Axis.niceStep(3));
        assertEquals(0.01, Axis.niceStep(0.0095), 1e-15);
    }

    @Test
    void cellsShowValuesAsTheTablesPrintThem() {
        assertEquals("108,544", Cells.COUNT.format(108544));
        assertEquals("93.54 %", Cells.PERCENT.format(0.9354));
        assertEquals("1.73x", Cells.RATIO.format(1.7341));
        assertEquals("10.6 s", Cells.SECONDS.format(10.624));
        assertEquals("660 MB", Cells.BYTES.format(659_554_304));
        assertEquals("40 ms", Cells.SECONDS.format(0.04));
        assertEquals("1000 s", Cells.SECONDS.format(999.7));
        assertEquals("1.23 GB", Cells.BYTES.format(1_234_567_890));
        assertEquals("0.47 points", Cells.POINTS.format(0.47));
    }

    @Test
    void sweepFoldersAreNamedAfterTheFlagAndTheValueAsGiven() {
        assertEquals("relu-1.73", SweepBudget.of("--relu-reduction", 1.73, Budget.reluReduction(1.73)).name());
        assertEquals("relu-2", SweepBudget.of("--relu-reduction", 2.0, Budget.reluReduction(2)).name());
        assertEquals("relu-budget-60000", SweepBudget.of("--relu-budget", 60000L, Budget.reluBudget(60000)).name());
        assertEquals("mac-1.5", SweepBudget.of("--mac-reduction", 1.5, Budget.macReduction(1.5)).name());
    }

    @Test
    void htmlEscapesWhatMarkupWouldRead() {
        assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.escape("a <b> & \"c\" 'd'"));
    }
}
