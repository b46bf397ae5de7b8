package dev.shallowpi.report;

import dev.shallowpi.results.PiFigures;
import dev.shallowpi.results.SweepReport;
import dev.shallowpi.results.SweepSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
        SWEEP("sweep.json", "budgets", "budget", "sweep", SweepReport::budgets),
        COMPARE("compare.json", "methods", "method", "compare", SweepReport::methods);

        final String file;
        final String listKey;
        final String noun;
        final String command;
        private final Function<SweepReport, List<SweepReport.Row>> rows;

        Kind(String file, String listKey, String noun, String command,
             Function<SweepReport, List<SweepReport.Row>> rows) {
            this.file = file;
            this.listKey = listKey;
            this.noun = noun;
            this.command = command;
            this.rows = rows;
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

        /** The summary's rows ({@code budgets} or {@code methods}); a file without them is refused, naming it. */
        List<SweepReport.Row> rows(SweepReport s, Path file) {
            List<SweepReport.Row> list = rows.apply(s);
            if (list == null) {
                throw ReportJson.missing(file, listKey);
            }
            return list;
        }
    }

    /** What a row of the table shows of the teacher or of a finished run. */
    private record Figures(double accuracy, long relus, long macs, long reluDepth, long linearDepth, PiFigures pi) {
        static Figures of(SweepReport.Teacher t) {
            return new Figures(t.accuracy(), t.figures().relus(), t.figures().macs(), t.figures().reluDepth(),
                    t.figures().linearDepth(), t.pi());
        }

        static Figures of(SweepReport.Finished f) {
            return new Figures(f.accuracy(), f.relus(), f.macs(), f.reluDepth(), f.linearDepth(), f.pi());
        }
    }

    /** A column: its title, its key in a row of the file, how to read it, how to show it. */
    private record Column<T>(String title, String key, Function<T, Number> value, Cells kind) {
    }

    private static final List<Column<Figures>> COLUMNS = List.of(
            new Column<>("test accuracy", "accuracy", Figures::accuracy, Cells.PERCENT),
            new Column<>("ReLUs", "relus", Figures::relus, Cells.COUNT),
            new Column<>("MACs", "macs", Figures::macs, Cells.COUNT),
            new Column<>("ReLU depth", "reluDepth", Figures::reluDepth, Cells.COUNT),
            new Column<>("linear depth", "linearDepth", Figures::linearDepth, Cells.COUNT),
            new Column<>("PI online", "pi.onlineSeconds", f -> f.pi().onlineSeconds(), Cells.SECONDS),
            new Column<>("PI online traffic", "pi.onlineBytes", f -> f.pi().onlineBytes(), Cells.BYTES),
            new Column<>("round trips", "pi.rounds", f -> f.pi().rounds(), Cells.COUNT),
            new Column<>("PI offline", "pi.offlineSeconds", f -> f.pi().offlineSeconds(), Cells.SECONDS));

    private static final List<Column<SweepReport.Finished>> REDUCTIONS = List.of(
            new Column<>("ReLUs /", "reluReduction", SweepReport.Finished::reluReduction, Cells.RATIO),
            new Column<>("MACs /", "macReduction", SweepReport.Finished::macReduction, Cells.RATIO),
            new Column<>("latency /", "onlineLatencyReduction", SweepReport.Finished::onlineLatencyReduction,
                    Cells.RATIO),
            new Column<>("accuracy drop", "accuracyDropPoints", SweepReport.Finished::accuracyDropPoints,
                    Cells.POINTS));

    static String render(Path dir, List<Tradeoffs.Series> compare, Kind kind) {
        Path file = dir.resolve(kind.file);
        SweepReport s = ReportJson.read(file, SweepReport.class);
        String profile = s.pi().profile();
        String command = s.command();
        List<SweepReport.Row> rows = kind.rows(s, file);
        SweepSettings settings = s.settings();
        Page page = new Page("shallowpi " + kind.command + " report: " + Page.name(dir), dir);
        Html h = page.html;
        h.element("p", Page.teacher(s.model(), s.dataset(), s.teacherCheckpoint()) + "; kernel "
                + Page.text(settings == null ? null : settings.kernel()) + ". One teacher, one sensitivity "
                + "measurement, one fine-tuned student per " + kind.noun
                + (kind == Kind.COMPARE ? ", all at " + Page.text(settings == null ? null : settings.budget()) : "")
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
        cells(page, COLUMNS, Figures.of(s.teacher()), "teacher.");
        REDUCTIONS.forEach(c -> page.emptyCell());
        page.emptyCell();
        h.close("tr");
        List<Tradeoffs.Run> runs = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            SweepReport.Row b = rows.get(i);
            SweepReport.Finished f = b.finished();
            h.open("tr").element("td", kind == Kind.COMPARE ? Page.text(b.value())
                            : Page.text(b.flag()) + " " + Page.text(b.value()))
                    .element("td", Page.text(b.status()));
            if (f != null) {
                String at = kind.listKey + "[" + i + "].";
                cells(page, COLUMNS, Figures.of(f), at);
                cells(page, REDUCTIONS, f, at);
            } else {
                for (int k = 0; k < COLUMNS.size() + REDUCTIONS.size(); k++) {
                    page.emptyCell();
                }
            }
            String link = b.name() + "/report.html";
            if (f != null && Files.isRegularFile(dir.resolve(link))) {
                h.open("td").element("a", b.name(), "href", link).close("td");
            } else {
                page.emptyCell();
            }
            h.close("tr");
            if (f != null) {
                runs.add(run(b));
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
        SweepReport.Teacher teacher = s.teacher();
        Tradeoffs.charts(page, series, Tradeoffs.Run.of(teacher.figures().relus(), teacher.pi(), teacher.accuracy(),
                "teacher"), profile, command);
        if (kind == Kind.COMPARE) {
            page.definitions(s.pi(), s.convention());
            return page.end();
        }
        Map<String, Integer> chosen = new HashMap<>();
        int finished = 0;
        for (SweepReport.Row b : rows) {
            if (b.finished() != null) {
                finished++;
                if (b.finished().selected() != null) {
                    b.finished().selected().forEach(n -> chosen.merge(n, 1, Integer::sum));
                }
            }
        }
        Path sensitivity = dir.resolve("sensitivity.json");
        if (Files.isRegularFile(sensitivity)) {
            page.sensitivity(sensitivity, chosen, true, finished, command);
        }
        page.definitions(s.pi(), s.convention());
        return page.end();
    }

    /** One numeric cell per column, each naming its key under {@code at} ({@code budgets[2].}). */
    private static <T> void cells(Page page, List<Column<T>> columns, T value, String at) {
        for (Column<T> c : columns) {
            page.numberCell(c.value().apply(value), at + c.key(), c.kind());
        }
    }

    /** A finished run as a point on the charts, labelled with its name. */
    private static Tradeoffs.Run run(SweepReport.Row b) {
        SweepReport.Finished f = b.finished();
        return Tradeoffs.Run.of(f.relus(), f.pi(), f.accuracy(), b.name());
    }

    /** A sweep (or comparison) as one series of its finished runs, for another report's charts. */
    static Tradeoffs.Series series(Path dir, Kind kind) {
        Path file = dir.resolve(kind.file);
        List<Tradeoffs.Run> runs = new ArrayList<>();
        for (SweepReport.Row b : kind.rows(ReportJson.read(file, SweepReport.class), file)) {
            if (b.finished() != null) {
                runs.add(run(b));
            }
        }
        return new Tradeoffs.Series(Page.name(dir), runs);
    }
}
