package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.results.PiFigures;
import dev.shallowpi.results.SweepReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code sweep.json} and {@code sweep.csv} (a comparison's {@code compare.json} and {@code compare.csv}, per
 * method): per budget, what its run's {@code report.json} says (accuracy, counts,
 * depths, reductions, PI estimates, the selection), or that it has not finished; the teacher first.
 */
public final class SweepSummary {
    /** The CSV's columns: the key in a budget's {@code sweep.json} object (dotted for nested ones). */
    static final List<String> COLUMNS = List.of("accuracy", "accuracyDropPoints", "relus", "macs", "params",
            "reluDepth", "linearDepth", "convs", "reluReduction", "macReduction", "onlineLatencyReduction",
            "pi.onlineSeconds", "pi.onlineBytes", "pi.offlineSeconds", "pi.offlineBytes", "pi.rounds");

    private SweepSummary() {
    }

    /**
     * The sweep's file with one row per budget (or method), each from its run's {@code report.json} when that run
     * finished.
     *
     * @param head command, teacher, settings, profile and convention: everything but the rows
     */
    static SweepReport of(SweepKind kind, SweepReport head, Path out, List<SweepBudget> budgets) throws IOException {
        List<SweepReport.Row> rows = new ArrayList<>();
        for (SweepBudget b : budgets) {
            Path report = out.resolve(b.name()).resolve(RunFiles.REPORT);
            boolean finished = Files.isRegularFile(report);
            rows.add(new SweepReport.Row(b.name(), b.flag(), b.value(), b.name(),
                    finished ? SweepReport.Row.FINISHED : SweepReport.Row.PENDING,
                    finished ? finished(Checkpoint.json().readTree(report.toFile())) : null));
        }
        return head.withRows(rows, kind == SweepKind.METHODS);
    }

    /** What a finished run's report says, as a row shows it. */
    private static SweepReport.Finished finished(JsonNode r) throws IOException {
        JsonNode after = r.get("after");
        List<String> selected = Checkpoint.json().readerForListOf(String.class).readValue(r.get("selected"));
        return new SweepReport.Finished(after.get("accuracy").asDouble(),
                r.get("deployed").get("accuracyDropPoints").asDouble(), after.get("relus").asLong(),
                after.get("macs").asLong(), after.get("params").asLong(), after.get("reluDepth").asLong(),
                after.get("linearDepth").asLong(), after.get("convs").asLong(), r.get("reluReduction").asDouble(),
                r.get("macReduction").asDouble(), r.get("pi").get("onlineLatencyReduction").asDouble(),
                Checkpoint.json().treeToValue(after.get("pi"), PiFigures.class), selected,
                r.get("selection").get("kernel").asText(),
                r.path("method").asText(ReductionMethod.SHALLOW.cliName()),
                r.get("selection").path("channelMasks").size());
    }

    /** One row per budget (or method) after the teacher's; pending ones with empty figures. */
    static String csv(SweepKind kind, JsonNode sweep) {
        StringBuilder sb = new StringBuilder(kind.noun() + ",flag,value,status,");
        sb.append(String.join(",", COLUMNS)).append(",piProfile,selected,dir\n");
        String profile = sweep.get("pi").get("profile").asText();
        row(sb, new Cells("teacher", "", "", ""), sweep.get("teacher"), new Tail(profile, "", ""));
        for (JsonNode b : sweep.get(kind.listKey())) {
            boolean done = b.get("status").asText().equals("finished");
            List<String> selected = new ArrayList<>();
            b.path("selected").forEach(n -> selected.add(n.asText()));
            row(sb, new Cells(b.get("name").asText(), b.get("flag").asText(), b.get("value").asText(),
                    b.get("status").asText()), done ? b : null, new Tail(profile, String.join(";", selected),
                    b.get("dir").asText()));
        }
        return sb.toString();
    }

    /** The first cells of a row: what ran, from which flag and value, and whether it finished. */
    private record Cells(String name, String flag, String value, String status) {
    }

    /** The last cells of a row: the PI profile, the removed layers, the folder. */
    private record Tail(String profile, String selected, String dir) {
    }

    /** One CSV row: its first cells, the figures of {@code o} (empty when null), its last cells. */
    private static void row(StringBuilder sb, Cells head, JsonNode o, Tail tail) {
        List<String> cells = new ArrayList<>(List.of(head.name(), head.flag(), head.value(), head.status()));
        for (String key : COLUMNS) {
            JsonNode v = o;
            for (String part : key.split("\\.")) {
                v = v == null ? null : v.get(part);
            }
            cells.add(v == null || v.isNull() ? "" : v.isIntegralNumber() ? Long.toString(v.asLong())
                    : String.format(Locale.ROOT, "%s", v.asDouble()));
        }
        cells.add(tail.profile());
        cells.add(tail.selected());
        cells.add(tail.dir());
        sb.append(String.join(",", cells)).append('\n');
    }
}
