package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;

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
     * @param head command, teacher, settings, profile and convention: everything but the budgets
     */
    static ObjectNode json(SweepKind kind, ObjectNode head, Path out, List<SweepBudget> budgets) throws IOException {
        ObjectNode root = head.deepCopy();
        ArrayNode list = root.putArray(kind.listKey());
        for (SweepBudget b : budgets) {
            ObjectNode o = list.addObject();
            o.put("name", b.name());
            o.put("flag", b.flag());
            o.put("value", b.value());
            o.put("dir", b.name());
            Path report = out.resolve(b.name()).resolve("report.json");
            if (!Files.isRegularFile(report)) {
                o.put("status", "pending");
                continue;
            }
            JsonNode r = Checkpoint.json().readTree(report.toFile());
            o.put("status", "finished");
            JsonNode after = r.get("after");
            o.put("accuracy", after.get("accuracy").asDouble());
            o.put("accuracyDropPoints", r.get("deployed").get("accuracyDropPoints").asDouble());
            for (String k : new String[] {"relus", "macs", "params", "reluDepth", "linearDepth", "convs"}) {
                o.put(k, after.get(k).asLong());
            }
            o.put("reluReduction", r.get("reluReduction").asDouble());
            o.put("macReduction", r.get("macReduction").asDouble());
            o.put("onlineLatencyReduction", r.get("pi").get("onlineLatencyReduction").asDouble());
            o.set("pi", after.get("pi"));
            o.set("selected", r.get("selected"));
            o.put("kernel", r.get("selection").get("kernel").asText());
            o.put("method", r.path("method").asText(ReductionMethod.SHALLOW.cliName()));
            o.put("channelMaskedLayers", r.get("selection").path(ShallowPipeline.MASKS).size());
        }
        return root;
    }

    /** One row per budget (or method) after the teacher's; pending ones with empty figures. */
    static String csv(SweepKind kind, ObjectNode sweep) {
        StringBuilder sb = new StringBuilder(kind.noun() + ",flag,value,status,");
        sb.append(String.join(",", COLUMNS)).append(",piProfile,selected,dir\n");
        String profile = sweep.get("pi").get("profile").asText();
        row(sb, "teacher", "", "", "", sweep.get("teacher"), profile, "", "");
        for (JsonNode b : sweep.get(kind.listKey())) {
            boolean done = b.get("status").asText().equals("finished");
            List<String> selected = new ArrayList<>();
            b.path("selected").forEach(n -> selected.add(n.asText()));
            row(sb, b.get("name").asText(), b.get("flag").asText(), b.get("value").asText(), b.get("status").asText(),
                    done ? b : null, profile, String.join(";", selected), b.get("dir").asText());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, String flag, String value, String status, JsonNode o,
                            String profile, String selected, String dir) {
        List<String> cells = new ArrayList<>(List.of(name, flag, value, status));
        for (String key : COLUMNS) {
            JsonNode v = o == null ? null : o;
            for (String part : key.split("\\.")) {
                v = v == null ? null : v.get(part);
            }
            cells.add(v == null || v.isNull() ? "" : v.isIntegralNumber() ? Long.toString(v.asLong())
                    : String.format(Locale.ROOT, "%s", v.asDouble()));
        }
        cells.add(profile);
        cells.add(selected);
        cells.add(dir);
        sb.append(String.join(",", cells)).append('\n');
    }
}
