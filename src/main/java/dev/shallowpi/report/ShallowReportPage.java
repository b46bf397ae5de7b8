package dev.shallowpi.report;

import dev.shallowpi.results.LayerCostRow;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.Verification;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The page of one {@code shallow} run, from its {@code report.json} (and {@code sensitivity.json}): teacher
 * against deployed model, the trade-off charts, the sensitivity chart and the per-layer costs before and after.
 */
final class ShallowReportPage {
    private ShallowReportPage() {
    }

    /** A figure the summary table shows: where it is in the file, how to read it, how to show it. */
    private record Shown<T>(String key, Function<T, Number> value, Cells kind) {
    }

    /**
     * A row of the summary table: its label, its figure in each of {@code before} and {@code after} (the key under
     * them), and teacher against deployed model when the report has that (else null).
     */
    private record Row(String label, Shown<RunReport.Side> figure, Shown<RunReport> reduction) {
        Row(String label, Shown<RunReport.Side> figure) {
            this(label, figure, null);
        }
    }

    static String render(Path dir, List<Tradeoffs.Series> compare) {
        Path file = dir.resolve("report.json");
        RunReport r = ReportJson.read(file, RunReport.class);
        String profile = r.pi().definitions().profile();
        String command = r.inputs().command();
        Plan plan = r.selection();
        Page page = new Page("shallowpi report: " + Page.name(dir), dir);
        Html h = page.html;
        h.element("p", Page.teacher(r.inputs().model(), r.inputs().dataset(), r.inputs().teacherCheckpoint())
                + "; kernel " + Page.text(plan == null ? null : plan.kernel()) + "; budget "
                + Page.text(plan == null ? null : plan.budget()) + ". Counts per sample; PI estimates under "
                + profile + ".");
        h.element("h2", "Teacher and deployed model");
        h.open("table", "id", "summary");
        page.header("", "teacher", "deployed", "teacher / deployed (accuracy: drop)");
        List<Row> rows = List.of(
                new Row("test accuracy", new Shown<>("accuracy", RunReport.Side::accuracy, Cells.PERCENT),
                        new Shown<>("deployed.accuracyDropPoints", x -> x.deployed().accuracyDropPoints(),
                                Cells.POINTS)),
                new Row("ReLUs", new Shown<>("relus", x -> x.figures().relus(), Cells.COUNT),
                        new Shown<>("reluReduction", RunReport::reluReduction, Cells.RATIO)),
                new Row("MACs", new Shown<>("macs", x -> x.figures().macs(), Cells.COUNT),
                        new Shown<>("macReduction", RunReport::macReduction, Cells.RATIO)),
                new Row("params", new Shown<>("params", x -> x.figures().params(), Cells.COUNT)),
                new Row("ReLU depth", new Shown<>("reluDepth", x -> x.figures().reluDepth(), Cells.COUNT)),
                new Row("linear depth", new Shown<>("linearDepth", x -> x.figures().linearDepth(), Cells.COUNT)),
                new Row("convs", new Shown<>("convs", x -> x.figures().convs(), Cells.COUNT)),
                new Row("PI online time (" + profile + ")",
                        new Shown<>("pi.onlineSeconds", x -> x.pi().onlineSeconds(), Cells.SECONDS),
                        new Shown<>("pi.onlineLatencyReduction", x -> x.pi().onlineLatencyReduction(), Cells.RATIO)),
                new Row("PI online traffic", new Shown<>("pi.onlineBytes", x -> x.pi().onlineBytes(), Cells.BYTES)),
                new Row("PI online round trips", new Shown<>("pi.rounds", x -> x.pi().rounds(), Cells.COUNT)),
                new Row("PI offline time",
                        new Shown<>("pi.offlineSeconds", x -> x.pi().offlineSeconds(), Cells.SECONDS),
                        new Shown<>("pi.offlineLatencyReduction", x -> x.pi().offlineLatencyReduction(),
                                Cells.RATIO)),
                new Row("PI offline traffic", new Shown<>("pi.offlineBytes", x -> x.pi().offlineBytes(), Cells.BYTES)));
        for (Row row : rows) {
            h.open("tr").element("th", row.label());
            Shown<RunReport.Side> f = row.figure();
            page.numberCell(f.value().apply(r.before()), "before." + f.key(), f.kind());
            page.numberCell(f.value().apply(r.after()), "after." + f.key(), f.kind());
            if (row.reduction() != null) {
                page.numberCell(row.reduction().value().apply(r), row.reduction().key(), row.reduction().kind());
            } else {
                page.emptyCell();
            }
            h.close("tr");
        }
        h.close("table");
        Verification v = r.verification();
        h.element("p", "Accuracy drop in points in the last column. Deployed against the trained student on "
                + v.images() + " test images: " + v.predictionMismatches() + " prediction mismatches, largest "
                + "logit difference " + String.format(java.util.Locale.ROOT, "%.2e", v.maxAbsLogitDiff()) + ".");
        h.element("pre", command, "class", "cmd");

        List<Tradeoffs.Series> series = new ArrayList<>();
        series.add(series(dir, r));
        series.addAll(compare);
        Tradeoffs.charts(page, series, run(r.before(), "teacher"), profile, command);

        Map<String, Integer> selected = new HashMap<>();
        if (r.selected() != null) {
            r.selected().forEach(n -> selected.put(n, 1));
        }
        Path sensitivity = dir.resolve("sensitivity.json");
        if (Files.isRegularFile(sensitivity)) {
            page.sensitivity(sensitivity, selected, false, 1, command);
        }
        layers(page, r);
        page.definitions(r.pi().definitions(), r.convention());
        return page.end();
    }

    /** A run as a one-point series named after its folder. */
    static Tradeoffs.Series series(Path dir, RunReport r) {
        String name = Page.name(dir);
        return new Tradeoffs.Series(name, List.of(run(r.after(), name)));
    }

    /** The teacher ({@code before}) or the deployed model ({@code after}) as a point on the charts. */
    private static Tradeoffs.Run run(RunReport.Side side, String label) {
        return Tradeoffs.Run.of(side.figures().relus(), side.pi(), side.accuracy(), label);
    }

    /**
     * One row per teacher layer that costs something (ReLUs or MACs), with the deployed layer that stands in its
     * place: the same name, or a merged conv named after it ({@code layer1.0.conv1+conv2}); deployed layers with
     * no teacher counterpart get rows of their own. Totals last.
     */
    private static void layers(Page page, RunReport r) {
        List<LayerCostRow> before = r.before().layers();
        List<LayerCostRow> after = r.after().layers();
        Map<String, Integer> afterByName = new HashMap<>();
        for (int j = 0; j < after.size(); j++) {
            if (costs(after.get(j))) {
                afterByName.putIfAbsent(firstMember(after.get(j).name()), j);
            }
        }
        Html h = page.html;
        h.element("h2", "Per-layer costs, before and after");
        h.element("p", "Layers with ReLUs or MACs; BN, adds and pooling cost none. A deployed conv named a+b is "
                + "the merge of a and b; shortcut convs folded into a merged conv are gone.");
        h.open("table", "id", "layers");
        page.header("teacher layer", "op", "ReLUs", "MACs", "deployed layer", "op", "ReLUs", "MACs", "");
        java.util.Set<Integer> shown = new java.util.HashSet<>();
        for (int i = 0; i < before.size(); i++) {
            LayerCostRow b = before.get(i);
            if (!costs(b)) {
                continue;
            }
            h.open("tr").element("td", b.name()).element("td", op(b));
            page.numberCell(b.relus(), "before.layers[" + i + "].relus", Cells.COUNT);
            page.numberCell(b.macs(), "before.layers[" + i + "].macs", Cells.COUNT);
            Integer j = afterByName.get(b.name());
            if (j == null) {
                h.element("td", "").element("td", "").element("td", "").element("td", "")
                        .element("td", b.op().equals("relu") ? "removed" : "merged or folded away");
            } else {
                shown.add(j);
                LayerCostRow a = after.get(j);
                h.element("td", a.name()).element("td", op(a));
                page.numberCell(a.relus(), "after.layers[" + j + "].relus", Cells.COUNT);
                page.numberCell(a.macs(), "after.layers[" + j + "].macs", Cells.COUNT);
                h.element("td", a.macs() == b.macs() && a.relus() == b.relus() ? "" : "changed");
            }
            h.close("tr");
        }
        for (int j = 0; j < after.size(); j++) {
            if (costs(after.get(j)) && !shown.contains(j)) {
                LayerCostRow a = after.get(j);
                h.open("tr").element("td", "").element("td", "").element("td", "").element("td", "")
                        .element("td", a.name()).element("td", op(a));
                page.numberCell(a.relus(), "after.layers[" + j + "].relus", Cells.COUNT);
                page.numberCell(a.macs(), "after.layers[" + j + "].macs", Cells.COUNT);
                h.element("td", "new").close("tr");
            }
        }
        h.open("tr", "class", "total").element("td", "total").element("td", "");
        page.numberCell(r.before().figures().relus(), "before.relus", Cells.COUNT);
        page.numberCell(r.before().figures().macs(), "before.macs", Cells.COUNT);
        h.element("td", "total").element("td", "");
        page.numberCell(r.after().figures().relus(), "after.relus", Cells.COUNT);
        page.numberCell(r.after().figures().macs(), "after.macs", Cells.COUNT);
        h.element("td", "").close("tr");
        h.close("table");
    }

    private static boolean costs(LayerCostRow layer) {
        return layer.relus() > 0 || layer.macs() > 0;
    }

    private static String op(LayerCostRow layer) {
        String a = Page.text(layer.attributes());
        return layer.op() + (a.isEmpty() ? "" : " " + a);
    }

    /**
     * The teacher name a deployed layer stands for: its own, or for a merged conv ({@code layer1.0.conv1+conv2},
     * {@code l1.0.conv1+l1.1.conv1}, made unique with {@code #2}) the first member's, which the name spells out
     * in full.
     */
    static String firstMember(String name) {
        int hash = name.indexOf('#');
        String base = hash < 0 ? name : name.substring(0, hash);
        int plus = base.indexOf('+');
        return plus < 0 ? base : base.substring(0, plus);
    }
}
