package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every report page has: a head with its inline style, numeric table cells that name their JSON source, the
 * sensitivity chart, the commands under the figures, and the definitions (profile, rounds, formula, counting
 * convention) that say what the numbers mean.
 */
final class Page {
    private static final String STYLE = "body{font-family:sans-serif;max-width:1150px;margin:24px auto;"
            + "padding:0 16px;color:#222}"
            + "table{border-collapse:collapse;margin:8px 0 20px;font-size:13px}"
            + "th,td{border:1px solid #ccc;padding:3px 8px}th{background:#f0f3f7;text-align:left}"
            + "td.num{text-align:right;font-variant-numeric:tabular-nums}"
            + "tr.total td{font-weight:bold;background:#fafafa}"
            + "pre.cmd{background:#f5f5f5;border-left:3px solid #1f77b4;padding:6px 10px;white-space:pre-wrap;"
            + "font-size:12px}"
            + "figure{margin:12px 0 24px}figcaption{font-size:12px;color:#555}"
            + "dl dt{font-weight:bold;margin-top:6px}dl dd{margin-left:18px}";

    final Html html = new Html();
    private final Path dir;

    Page(String title, Path dir) {
        this.dir = dir;
        html.raw("<!DOCTYPE html>").newline();
        html.open("html", "lang", "en").open("head").empty("meta", "charset", "utf-8")
                .element("title", title).element("style", STYLE).close("head").newline();
        html.open("body").element("h1", title);
    }

    /** A folder's own name, also for {@code .} or a path ending in a separator. */
    static String name(Path dir) {
        return String.valueOf(dir.toAbsolutePath().normalize().getFileName());
    }

    /** A table cell showing {@code key}'s value in {@code root}, with the exact value and the key as attributes. */
    void numberCell(JsonNode root, String key, Cells kind, Path file) {
        JsonNode v = ReportJson.at(root, key.replaceAll("\\[(\\d+)]", ".$1"), file);
        if (!v.isNumber()) {
            throw new ReportException(file + ": '" + key + "' is not a number");
        }
        html.element("td", kind.format(v.asDouble()), "class", "num", "data-key", key, "data-v", Cells.exact(v));
    }

    void emptyCell() {
        html.element("td", "");
    }

    void header(String... columns) {
        html.open("tr");
        for (String c : columns) {
            html.element("th", c);
        }
        html.close("tr");
    }

    /** The command that produced a figure, and the one that drew it. */
    void commands(String produced) {
        html.open("figcaption").text("Produced by:").close("figcaption");
        html.element("pre", produced, "class", "cmd");
        html.open("figcaption").text("Drawn by:").close("figcaption");
        html.element("pre", "shallowpi report " + dir, "class", "cmd");
    }

    /**
     * Bars of each candidate's sensitivity score, the chosen ones highlighted.
     *
     * @param chosen how often each candidate was selected (a run: 1 for its selection; a sweep: per budget)
     * @param sweep  whether {@code chosen} counts a sweep's budgets, {@code budgets} of them
     */
    void sensitivity(Path file, Map<String, Integer> chosen, boolean sweep, int budgets, String produced) {
        JsonNode s = ReportJson.read(file);
        String method = ReportJson.at(s, "method", file).asText();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (JsonNode c : ReportJson.at(s, "candidates", file)) {
            String name = c.get("name").asText();
            String kind = c.path("kind").asText("");
            int k = chosen.getOrDefault(name, 0);
            bars.add(new BarChart.Bar(name + (kind.equals("merge") ? "" : " (r)"), c.get("score").asDouble(), k > 0,
                    sweep && k > 0 ? "selected in " + k + " of " + budgets + " budgets" : ""));
        }
        String what = method.equals("ablation") ? "KL(teacher || teacher without that ReLU) on "
                + s.path("calibrationImages").asInt() + " calibration images" : "gate alpha after training (1: keeps "
                + "the ReLU, 0: the identity)";
        html.element("h2", "Sensitivity per candidate");
        html.element("p", "Lower is safer to remove. " + what + ". (r): removal-only candidates (nothing merges).");
        html.open("figure");
        html.raw(BarChart.svg("Sensitivity per candidate (" + method + ")", what, bars,
                sweep ? "selected in at least one budget" : "selected", "not selected"));
        commands(produced);
        html.close("figure");
    }

    /** What the numbers mean: the PI profile and formula, the rounds, the counting convention. */
    void definitions(JsonNode pi, String convention) {
        html.element("h2", "How the figures were counted");
        html.open("dl");
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        rows.put("PI profile", pi.path("profile").asText() + ": " + pi.path("profileDescription").asText()
                + " (from " + pi.path("profileOrigin").asText() + ")");
        rows.put("Estimate", pi.path("formula").asText());
        rows.put("Rounds", pi.path("roundsDefinition").asText());
        rows.put("Network", pi.path("network").asText());
        rows.put("Compute covers", pi.path("computeIncludes").asText());
        rows.put("Counting convention", convention);
        rows.forEach((k, v) -> html.element("dt", k).element("dd", v));
        html.close("dl");
    }

    String end() {
        html.close("body").close("html").newline();
        return html.toString();
    }
}
