package dev.shallowpi.report;

import java.util.List;
import java.util.Locale;

/** Horizontal bars as inline SVG: one per candidate, its value written at the bar's end, highlighted ones coloured. */
final class BarChart {
    private static final int WIDTH = 760;
    private static final int LEFT = 170;
    private static final int RIGHT = 90;
    private static final int TOP = 56;
    private static final int ROW = 22;

    /** @param note written after the value, or empty */
    record Bar(String label, double value, boolean highlighted, String note) {
    }

    private BarChart() {
    }

    static String svg(String title, String valueLabel, List<Bar> bars, String highlightName, String otherName) {
        int height = TOP + ROW * bars.size() + 44;
        double max = bars.stream().mapToDouble(b -> Math.max(0, b.value())).max().orElse(1);
        Axis x = Axis.over(0, max > 0 ? max : 1, 5);
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        Svg svg = new Svg(WIDTH, height, title);
        svg.text(WIDTH / 2.0, 20, title, "middle", "title");
        svg.legend(x0, 40, TradeoffChart.COLOURS[1], highlightName, false);
        svg.legend(x0 + 260, 40, "#9db4cc", otherName, false);
        int yEnd = TOP + ROW * bars.size();
        for (double t : x.ticks()) {
            double px = x.map(t, x0, x1);
            svg.line(px, TOP - 4, px, yEnd, "grid");
            svg.text(px, yEnd + 16, tick(t), "middle", "tick");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double y = TOP + ROW * i;
            double w = Math.max(1, x.map(Math.max(0, b.value()), x0, x1) - x0);
            svg.text(x0 - 6, y + ROW * 0.68, b.label(), "end", "tick");
            svg.rect(x0, y + 3, w, ROW - 6, b.highlighted() ? TradeoffChart.COLOURS[1] : "#9db4cc");
            svg.text(x0 + w + 4, y + ROW * 0.68, String.format(Locale.ROOT, "%.4g", b.value())
                    + (b.note().isEmpty() ? "" : "  " + b.note()), "start", "label");
        }
        svg.text((x0 + x1) / 2.0, height - 8, valueLabel, "middle", "axis");
        return svg.end();
    }

    private static String tick(double t) {
        String s = String.format(Locale.ROOT, "%.4g", t);
        return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
