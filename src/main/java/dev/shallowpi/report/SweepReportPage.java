package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The page of a {@code sweep}, from its {@code sweep.json} (and the shared {@code sensitivity.json}): one row per
 * budget, the trade-off charts with the sweep's Pareto front, the sensitivity chart, links to each budget's own
 * report (with its per-layer table). A {@code compare} ({@code compare.json}) gets the same page with one row per
 * method, each method a series of its own on the charts, and no sensitivity chart (each method's report has its
 * own).
 */
final class SweepReportPage {
    private SweepReportPage() {
    }

    /** What the page is made from: a sweep over budgets or a comparison of methods. */
    enum Kind {
        SWEEP("sweep.json", "budgets", "budget", "sweep"),
        COMPARE("compare.json", "methods", "method", "compare");

        final String file;
        final String listKey;
        final String noun;
        final String command;

        Kind(String file, String listKey, String noun, String command) {
            this.file = file;
            this.listKey = listKey;
            this.noun = noun;
            this.command = command;
        }

        /** The kind of folder {@code dir} is, or null when it holds neither summary. */
        static Kind of(Path dir) {
            for (Kind k : values()) {
                if (Files.isRegularFile(dir.resolve(k.file))) {
                    return k;
                }
            }
            return null;
        }
    }

    private record Column(String title, String key, Cells kind) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("test accuracy", "accuracy", Cells.PERCENT),
            new Column("ReLUs", "relus", Cells.COUNT),
            new Column("MACs", "macs", Cells.COUNT),
            new Column("ReLU depth", "reluDepth", Cells.COUNT),
            new Column("linear depth", "linearDepth", Cells.COUNT),
            new Column("PI online", "pi.onlineSeconds", Cells.SECONDS),
            new Column("PI online traffic", "pi.onlineBytes", Cells.BYTES),
            new Column("round trips", "pi.rounds", Cells.COUNT),
            new Column("PI offline", "pi.offlineSeconds", Cells.SECONDS));

    private static final List<Column> REDUCTIONS = List.of(
            new Column("ReLUs /", "reluReduction", Cells.RATIO),
            new Column("MACs /", "macReduction", Cells.RATIO),
            new Column("latency /", "onlineLatencyReduction", Cells.RATIO),
            new Column("accuracy drop", "accuracyDropPoints", Cells.POINTS));

    static String render(Path dir, List<Tradeoffs.Series> compare, Kind kind) {
        Path file = dir.resolve(kind.file);
        JsonNode s = ReportJson.read(file);
        String profile = ReportJson.at(s, "pi.profile", file).asText();
        String command = ReportJson.at(s, "command", file).asText();
        Page page = new Page("shallowpi " + kind.command + " report: " + Page.name(dir), dir);
        Html h = page.html;
        JsonNode model = s.path("model");
        h.element("p", "Model " + model.path("name").asText() + " width " + model.path("width").asText() + ", "
                + model.path("classes").asText() + " classes, input " + model.path("input").asText() + "; dataset "
                + s.path("dataset").path("name").asText() + "; teacher " + s.path("teacherCheckpoint").asText()
                + "; kernel " + s.path("settings").path("kernel").asText() + ". One teacher, one sensitivity "
                + "measurement, one fine-tuned student per " + kind.noun
                + (kind == Kind.COMPARE ? ", all at " + s.path("settings").path("budget").asText() : "")
                + ". Counts per sample; PI estimates under " + profile + ".");
        h.element("pre", command, "class", "cmd");
        h.element("h2", kind == Kind.COMPARE ? "Methods" : "Budgets");
        h.open("table", "id", kind.command);
        List<String> head = new ArrayList<>(List.of(kind.noun, "status"));
        COLUMNS.forEach(c -> head.add(c.title()));
        REDUCTIONS.forEach(c -> head.add(c.title()));
        head.add("report");
        page.header(head.toArray(new String[0]));
        h.open("tr").element("td", "teacher").element("td", "");
        for (Column c : COLUMNS) {
            page.numberCell(s, "teacher." + c.key(), c.kind(), file);
        }
        REDUCTIONS.forEach(c -> page.emptyCell());
        page.emptyCell();
        h.close("tr");
        JsonNode budgets = ReportJson.at(s, kind.listKey, file);
        List<Tradeoffs.Run> runs = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            JsonNode b = budgets.get(i);
            String name = b.get("name").asText();
            boolean done = b.path("status").asText().equals("finished");
            h.open("tr").element("td", kind == Kind.COMPARE ? b.path("value").asText()
                            : b.path("flag").asText() + " " + b.path("value").asText())
                    .element("td", b.path("status").asText());
            for (Column c : done ? COLUMNS : List.<Column>of()) {
                page.numberCell(s, kind.listKey + "[" + i + "]." + c.key(), c.kind(), file);
            }
            for (Column c : done ? REDUCTIONS : List.<Column>of()) {
                page.numberCell(s, kind.listKey + "[" + i + "]." + c.key(), c.kind(), file);
            }
            if (!done) {
                for (int k = 0; k < COLUMNS.size() + REDUCTIONS.size(); k++) {
                    page.emptyCell();
                }
            }
            String link = name + "/report.html";
            if (done && Files.isRegularFile(dir.resolve(link))) {
                h.open("td").element("a", name, "href", link).close("td");
            } else {
                page.emptyCell();
            }
            h.close("tr");
            if (done) {
                runs.add(Tradeoffs.Run.of(b, name, file));
            }
        }
        h.close("table");
        List<Tradeoffs.Series> series = new ArrayList<>();
        if (kind == Kind.COMPARE) {
            runs.forEach(r -> series.add(new Tradeoffs.Series(r.label(), List.of(r))));
        } else {
            series.add(new Tradeoffs.Series(Page.name(dir), runs));
        }
        series.addAll(compare);
        Tradeoffs.charts(page, series, Tradeoffs.Run.of(s.get("teacher"), "teacher", file), profile, command);
        if (kind == Kind.COMPARE) {
            page.definitions(s.get("pi"), s.path("convention").asText());
            return page.end();
        }
        Map<String, Integer> chosen = new HashMap<>();
        int finished = 0;
        for (JsonNode b : budgets) {
            if (b.path("status").asText().equals("finished")) {
                finished++;
                b.path("selected").forEach(n -> chosen.merge(n.asText(), 1, Integer::sum));
            }
        }
        Path sensitivity = dir.resolve("sensitivity.json");
        if (Files.isRegularFile(sensitivity)) {
            page.sensitivity(sensitivity, chosen, true, finished, command);
        }
        page.definitions(s.get("pi"), s.path("convention").asText());
        return page.end();
    }

    /** A sweep (or comparison) as one series of its finished runs, for another report's charts. */
    static Tradeoffs.Series series(Path dir, Kind kind) {
        Path file = dir.resolve(kind.file);
        JsonNode s = ReportJson.read(file);
        List<Tradeoffs.Run> runs = new ArrayList<>();
        for (JsonNode b : ReportJson.at(s, kind.listKey, file)) {
            if (b.path("status").asText().equals("finished")) {
                runs.add(Tradeoffs.Run.of(b, b.get("name").asText(), file));
            }
        }
        return new Tradeoffs.Series(Page.name(dir), runs);
    }
}
