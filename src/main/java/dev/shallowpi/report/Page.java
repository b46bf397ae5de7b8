package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.shallowpi.results.CandidateSensitivity;
import dev.shallowpi.results.PiDefinitions;
import dev.shallowpi.results.Sensitivity;

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

    /**
     * A table cell showing a value of the page's JSON file, with the exact value and where it is in the file
     * ({@code key}: {@code after.pi.onlineSeconds}, {@code budgets[2].relus}) as attributes.
     */
    void numberCell(Number value, String key, Cells kind) {
        html.element("td", kind.format(value.doubleValue()), "class", "num", "data-key", key, "data-v",
                Cells.exact(value));
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
        Sensitivity s = ReportJson.read(file, Sensitivity.class);
        if (s.method() == null || s.candidates() == null) {
            throw ReportJson.missing(file, s.method() == null ? "method" : "candidates");
        }
        String method = s.method();
        List<BarChart.Bar> bars = new ArrayList<>();
        for (CandidateSensitivity c : s.candidates()) {
            String kind = text(c.kind());
            int k = chosen.getOrDefault(c.name(), 0);
            bars.add(new BarChart.Bar(c.name() + (kind.equals("merge") ? "" : " (r)"), c.score(), k > 0,
                    sweep && k > 0 ? "selected in " + k + " of " + budgets + " budgets" : ""));
        }
        int images = s.calibrationImages() == null ? 0 : s.calibrationImages();
        String what = method.equals("ablation") ? "KL(teacher || teacher without that ReLU) on " + images
                + " calibration images" : "gate alpha after training (1: keeps the ReLU, 0: the identity)";
        html.element("h2", "Sensitivity per candidate");
        html.element("p", "Lower is safer to remove. " + what + ". (r): removal-only candidates (nothing merges).");
        html.open("figure");
        html.raw(BarChart.svg("Sensitivity per candidate (" + method + ")", what, bars,
                sweep ? "selected in at least one budget" : "selected", "not selected"));
        commands(produced);
        html.close("figure");
    }

    /** What the numbers mean: the PI profile and formula, the rounds, the counting convention. */
    void definitions(PiDefinitions pi, String convention) {
        html.element("h2", "How the figures were counted");
        html.open("dl");
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        rows.put("PI profile", pi.profile() + ": " + text(pi.profileDescription()) + " (from "
                + text(pi.profileOrigin()) + ")");
        rows.put("Estimate", text(pi.formula()));
        rows.put("Rounds", text(pi.roundsDefinition()));
        rows.put("Network", text(pi.network()));
        rows.put("Compute covers", text(pi.computeIncludes()));
        rows.put("Counting convention", text(convention));
        rows.forEach((k, v) -> html.element("dt", k).element("dd", v));
        html.close("dl");
    }

    /**
     * The teacher as a page's first line names it: model, dataset and checkpoint. The model and dataset are the CLI's
     * free-form descriptions; what one lacks (an ONNX teacher has no name or width) is left empty.
     */
    static String teacher(JsonNode model, JsonNode dataset, String checkpoint) {
        JsonNode m = model == null ? MissingNode.getInstance() : model;
        JsonNode d = dataset == null ? MissingNode.getInstance() : dataset;
        return "Model " + m.path("name").asText() + " width " + m.path("width").asText() + ", "
                + m.path("classes").asText() + " classes, input " + m.path("input").asText() + "; dataset "
                + d.path("name").asText() + "; teacher " + text(checkpoint);
    }

    /** A text of the file as the page shows it: empty where the file has none (older files lack a few). */
    static String text(String value) {
        return value == null ? "" : value;
    }

    String end() {
        html.close("body").close("html").newline();
        return html.toString();
    }
}
