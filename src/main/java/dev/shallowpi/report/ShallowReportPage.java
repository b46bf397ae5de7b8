package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The page of one {@code shallow} run, from its {@code report.json} (and {@code sensitivity.json}): teacher
 * against deployed model, the trade-off charts, the sensitivity chart and the per-layer costs before and after.
 */
final class ShallowReportPage {
    private ShallowReportPage() {
    }

    /** Rows of the summary table: label, key under {@code before}/{@code after}, format, key of the reduction. */
    private record Row(String label, String key, Cells kind, String reduction, Cells reductionKind) {
    }

    static String render(Path dir, List<Tradeoffs.Series> compare) {
        Path file = dir.resolve("report.json");
        JsonNode r = ReportJson.read(file);
        String profile = ReportJson.at(r, "pi.profile", file).asText();
        String command = ReportJson.at(r, "command", file).asText();
        Page page = new Page("shallowpi report: " + Page.name(dir), dir);
        Html h = page.html;
        JsonNode model = r.path("model");
        h.element("p", "Model " + model.path("name").asText() + " width " + model.path("width").asText() + ", "
                + model.path("classes").asText() + " classes, input " + model.path("input").asText() + "; dataset "
                + r.path("dataset").path("name").asText() + "; teacher " + r.path("teacherCheckpoint").asText()
                + "; kernel " + r.path("selection").path("kernel").asText() + "; budget "
                + r.path("selection").path("budget").asText() + ". Counts per sample; PI estimates under " + profile
                + ".");
        h.element("h2", "Teacher and deployed model");
        h.open("table", "id", "summary");
        page.header("", "teacher", "deployed", "teacher / deployed (accuracy: drop)");
        List<Row> rows = List.of(
                new Row("test accuracy", "accuracy", Cells.PERCENT, "deployed.accuracyDropPoints", Cells.POINTS),
                new Row("ReLUs", "relus", Cells.COUNT, "reluReduction", Cells.RATIO),
                new Row("MACs", "macs", Cells.COUNT, "macReduction", Cells.RATIO),
                new Row("params", "params", Cells.COUNT, null, null),
                new Row("ReLU depth", "reluDepth", Cells.COUNT, null, null),
                new Row("linear depth", "linearDepth", Cells.COUNT, null, null),
                new Row("convs", "convs", Cells.COUNT, null, null),
                new Row("PI online time (" + profile + ")", "pi.onlineSeconds", Cells.SECONDS,
                        "pi.onlineLatencyReduction", Cells.RATIO),
                new Row("PI online traffic", "pi.onlineBytes", Cells.BYTES, null, null),
                new Row("PI online round trips", "pi.rounds", Cells.COUNT, null, null),
                new Row("PI offline time", "pi.offlineSeconds", Cells.SECONDS, "pi.offlineLatencyReduction",
                        Cells.RATIO),
                new Row("PI offline traffic", "pi.offlineBytes", Cells.BYTES, null, null));
        for (Row row : rows) {
            h.open("tr").element("th", row.label());
            page.numberCell(r, "before." + row.key(), row.kind(), file);
            page.numberCell(r, "after." + row.key(), row.kind(), file);
            if (row.reduction() != null) {
                page.numberCell(r, row.reduction(), row.reductionKind(), file);
            } else {
                page.emptyCell();
            }
            h.close("tr");
        }
        h.close("table");
        h.element("p", "Accuracy drop in points in the last column. Deployed against the trained student on "
                + r.path("verification").path("images").asText() + " test images: "
                + r.path("verification").path("predictionMismatches").asText() + " prediction mismatches, largest "
                + "logit difference " + String.format(java.util.Locale.ROOT, "%.2e",
                r.path("verification").path("maxAbsLogitDiff").asDouble()) + ".");
        h.element("pre", command, "class", "cmd");

        List<Tradeoffs.Series> series = new ArrayList<>();
        series.add(series(dir, r, file));
        series.addAll(compare);
        Tradeoffs.charts(page, series, Tradeoffs.Run.of(r.get("before"), "teacher", file), profile, command);

        Map<String, Integer> selected = new HashMap<>();
        r.path("selected").forEach(n -> selected.put(n.asText(), 1));
        Path sensitivity = dir.resolve("sensitivity.json");
        if (Files.isRegularFile(sensitivity)) {
            page.sensitivity(sensitivity, selected, false, 1, command);
        }
        layers(page, r, file);
        page.definitions(r.get("pi"), r.path("convention").asText());
        return page.end();
    }

    /** A run as a one-point series named after its folder. */
    static Tradeoffs.Series series(Path dir, JsonNode r, Path file) {
        String name = Page.name(dir);
        return new Tradeoffs.Series(name, List.of(Tradeoffs.Run.of(ReportJson.at(r, "after", file), name, file)));
    }

    /**
     * One row per teacher layer that costs something (ReLUs or MACs), with the deployed layer that stands in its
     * place: the same name, or a merged conv named after it ({@code layer1.0.conv1+conv2}); deployed layers with
     * no teacher counterpart get rows of their own. Totals last.
     */
    private static void layers(Page page, JsonNode r, Path file) {
        JsonNode before = ReportJson.at(r, "before.layers", file);
        JsonNode after = ReportJson.at(r, "after.layers", file);
        Map<String, Integer> afterByName = new HashMap<>();
        for (int j = 0; j < after.size(); j++) {
            if (costs(after.get(j))) {
                afterByName.putIfAbsent(firstMember(after.get(j).get("name").asText()), j);
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
            JsonNode b = before.get(i);
            if (!costs(b)) {
                continue;
            }
            h.open("tr").element("td", b.get("name").asText()).element("td", op(b));
            page.numberCell(r, "before.layers[" + i + "].relus", Cells.COUNT, file);
            page.numberCell(r, "before.layers[" + i + "].macs", Cells.COUNT, file);
            Integer j = afterByName.get(b.get("name").asText());
            if (j == null) {
                h.element("td", "").element("td", "").element("td", "").element("td", "")
                        .element("td", b.get("op").asText().equals("relu") ? "removed" : "merged or folded away");
            } else {
                shown.add(j);
                JsonNode a = after.get(j);
                h.element("td", a.get("name").asText()).element("td", op(a));
                page.numberCell(r, "after.layers[" + j + "].relus", Cells.COUNT, file);
                page.numberCell(r, "after.layers[" + j + "].macs", Cells.COUNT, file);
                h.element("td", a.get("macs").asLong() == b.get("macs").asLong()
                        && a.get("relus").asLong() == b.get("relus").asLong() ? "" : "changed");
            }
            h.close("tr");
        }
        for (int j = 0; j < after.size(); j++) {
            if (costs(after.get(j)) && !shown.contains(j)) {
                JsonNode a = after.get(j);
                h.open("tr").element("td", "").element("td", "").element("td", "").element("td", "")
                        .element("td", a.get("name").asText()).element("td", op(a));
                page.numberCell(r, "after.layers[" + j + "].relus", Cells.COUNT, file);
                page.numberCell(r, "after.layers[" + j + "].macs", Cells.COUNT, file);
                h.element("td", "new").close("tr");
            }
        }
        h.open("tr", "class", "total").element("td", "total").element("td", "");
        page.numberCell(r, "before.relus", Cells.COUNT, file);
        page.numberCell(r, "before.macs", Cells.COUNT, file);
        h.element("td", "total").element("td", "");
        page.numberCell(r, "after.relus", Cells.COUNT, file);
        page.numberCell(r, "after.macs", Cells.COUNT, file);
        h.element("td", "").close("tr");
        h.close("table");
    }

    private static boolean costs(JsonNode layer) {
        return layer.get("relus").asLong() > 0 || layer.get("macs").asLong() > 0;
    }

    private static String op(JsonNode layer) {
        String a = layer.path("attributes").asText("");
        return layer.get("op").asText() + (a.isEmpty() ? "" : " " + a);
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
