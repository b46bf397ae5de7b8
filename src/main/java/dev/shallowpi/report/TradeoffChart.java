package dev.shallowpi.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * Accuracy against a cost (ReLUs, estimated latency) as inline SVG: one colour per series (a sweep, or a single
 * run), each series' Pareto front joined by a line, dominated points hollow, the teacher as a black diamond,
 * every point labelled.
 */
final class TradeoffChart {
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 430;
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 34;
    private static final int BOTTOM = 62;

    record Point(double cost, double accuracy, String label) {
    }

    record Series(String name, List<Point> points) {
    }

    private TradeoffChart() {
    }

    /**
     * @param teacher      drawn as a reference point, or null
     * @param formatCost   tick label of a cost value
     */
    static String svg(String title, String costLabel, DoubleFunction<String> formatCost, List<Series> series,
                      Point teacher) {
        List<Point> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        if (teacher != null) {
            all.add(teacher);
        }
        double xMin = all.stream().mapToDouble(Point::cost).min().orElse(0);
        int entries = series.size() + (teacher != null ? 1 : 0);
        double xMax = all.stream().mapToDouble(Point::cost).max().orElse(1);
        double yMin = all.stream().mapToDouble(Point::accuracy).min().orElse(0);
        double yMax = all.stream().mapToDouble(Point::accuracy).max().orElse(1);
        // a cost axis starts at 0, so that distances read as ratios
        Axis x = Axis.over(Math.min(0, xMin), xMax * 1.05, 6);
        Axis y = Axis.padded(yMin, yMax, 0.08, 5);
        int x0 = LEFT;
        int x1 = WIDTH - RIGHT;
        int y0 = HEIGHT - BOTTOM;
        int y1 = TOP;
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(WIDTH / 2.0, 20, title, "middle", "title");
        svg.frame(x0, y1, x1 - x0, y0 - y1);
        for (double t : x.ticks()) {
            double px = x.map(t, x0, x1);
            svg.line(px, y0, px, y1, "grid");
            svg.text(px, y0 + 16, formatCost.apply(t), "middle", "tick");
        }
        for (double t : y.ticks()) {
            double py = y.map(t, y0, y1);
            svg.line(x0, py, x1, py, "grid");
            svg.text(x0 - 6, py + 4, String.format(Locale.ROOT, "%.1f", 100 * t), "end", "tick");
        }
        svg.text((x0 + x1) / 2.0, HEIGHT - 18, costLabel, "middle", "axis");
        svg.verticalText(18, (y0 + y1) / 2.0, "test accuracy (%)", "axis");
        for (int k = 0; k < series.size(); k++) {
            String colour = COLOURS[k % COLOURS.length];
            List<Point> pts = series.get(k).points();
            List<double[]> ca = new ArrayList<>();
            pts.forEach(p -> ca.add(new double[] {p.cost(), p.accuracy()}));
            List<Integer> front = Pareto.front(ca);
            StringBuilder path = new StringBuilder();
            for (int i : front) {
                Point p = pts.get(i);
                path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f",
                        x.map(p.cost(), x0, x1), y.map(p.accuracy(), y0, y1)));
            }
            if (front.size() > 1) {
                svg.polyline(path.toString(), colour);
            }
            Set<Integer> onFront = new HashSet<>(front);
            for (int i = 0; i < pts.size(); i++) {
                Point p = pts.get(i);
                double px = x.map(p.cost(), x0, x1);
                double py = y.map(p.accuracy(), y0, y1);
                svg.circle(px, py, 5, colour, onFront.contains(i));
                svg.text(px + 7, py - 7, p.label(), "start", "label");
            }
            // bottom right: cheap and accurate models sit top left, the teacher top right
            svg.legend(x1 - 200, y0 - 10 - 18 * (entries - 1 - k), colour, series.get(k).name(), false);
        }
        if (teacher != null) {
            double px = x.map(teacher.cost(), x0, x1);
            double py = y.map(teacher.accuracy(), y0, y1);
            svg.diamond(px, py, 7);
            svg.text(px - 9, py - 9, teacher.label(), "end", "label");
            svg.legend(x1 - 200, y0 - 10, "#000", "teacher", true);
        }
        return svg.end();
    }
}
