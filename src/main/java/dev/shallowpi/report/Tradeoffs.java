package dev.shallowpi.report;

import dev.shallowpi.cost.Units;
import dev.shallowpi.results.PiFigures;

import java.util.ArrayList;
import java.util.List;

/** The two trade-off charts of a report: accuracy against ReLUs and against estimated online PI latency. */
final class Tradeoffs {
    private Tradeoffs() {
    }

    /** A model on the charts: its ReLUs, estimated online seconds and test accuracy. */
    record Run(double relus, double onlineSeconds, double accuracy, String label) {
        /** A model as reports give it: its ReLUs, its PI figures and its test accuracy. */
        static Run of(long relus, PiFigures pi, double accuracy, String label) {
            return new Run(relus, pi.onlineSeconds(), accuracy, label);
        }
    }

    /** A line on the charts: one sweep, or one run. */
    record Series(String name, List<Run> runs) {
    }

    /**
     * Both charts, each with the command that produced its points under it.
     *
     * @param profile the PI profile the latencies were estimated with (all series must share it)
     */
    static void charts(Page page, List<Series> series, Run teacher, String profile, String produced) {
        Html h = page.html;
        h.element("h2", "Accuracy against cost");
        h.element("p", "Each series' Pareto front (no other point of the series is both cheaper and more accurate) "
                + "is joined by a line; hollow markers are dominated. Latency: estimated online time under " + profile
                + " (see the definitions at the end).");
        h.open("figure");
        h.raw(TradeoffChart.svg("Accuracy against ReLUs", "ReLUs per sample", Tradeoffs::count,
                convert(series, true), point(teacher, true)));
        page.commands(produced);
        h.close("figure");
        h.open("figure");
        h.raw(TradeoffChart.svg("Accuracy against estimated PI latency (" + profile + ", online)",
                "estimated online latency (s)", Tradeoffs::seconds, convert(series, false), point(teacher, false)));
        page.commands(produced);
        h.close("figure");
    }

    private static List<TradeoffChart.Series> convert(List<Series> series, boolean relus) {
        List<TradeoffChart.Series> out = new ArrayList<>();
        for (Series s : series) {
            List<TradeoffChart.Point> pts = new ArrayList<>();
            s.runs().forEach(r -> pts.add(point(r, relus)));
            out.add(new TradeoffChart.Series(s.name(), pts));
        }
        return out;
    }

    private static TradeoffChart.Point point(Run r, boolean relus) {
        return r == null ? null : new TradeoffChart.Point(relus ? r.relus() : r.onlineSeconds(), r.accuracy(),
                r.label());
    }

    private static String count(double v) {
        return Units.of(v, "").trim();
    }

    private static String seconds(double v) {
        return Units.of(v, "s");
    }
}
