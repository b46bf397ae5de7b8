package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shallowpi.cost.Units;

import java.nio.file.Path;
import java.util.Locale;

/** The few lines a user reads after a shallow run: before and after, accuracy, verification, where files are. */
final class ShallowSummary {
    private ShallowSummary() {
    }

    static String text(JsonNode r, Path out) {
        JsonNode t = r.get("teacher");
        JsonNode d = r.get("deployed");
        JsonNode v = r.get("verification");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "", "teacher", "deployed"));
        row(sb, "ReLUs", t.get("relus").asLong(), d.get("relus").asLong());
        row(sb, "MACs", t.get("macs").asLong(), d.get("macs").asLong());
        row(sb, "params", t.get("params").asLong(), d.get("params").asLong());
        row(sb, "ReLU depth", t.get("reluDepth").asLong(), d.get("reluDepth").asLong());
        row(sb, "linear depth", t.get("linearDepth").asLong(), d.get("linearDepth").asLong());
        row(sb, "convs", t.get("convs").asLong(), d.get("convs").asLong());
        JsonNode bp = r.get("before").get("pi");
        JsonNode ap = r.get("after").get("pi");
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "PI online", Units.of(bp.get("onlineSeconds")
                .asDouble(), "s"), Units.of(ap.get("onlineSeconds").asDouble(), "s")));
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "PI traffic", Units.of(bp.get("onlineBytes")
                .asDouble(), "B"), Units.of(ap.get("onlineBytes").asDouble(), "B")));
        row(sb, "round trips", bp.get("rounds").asLong(), ap.get("rounds").asLong());
        sb.append(String.format(Locale.ROOT, "%-14s %13.2f%% %13.2f%%%n", "test accuracy",
                100 * t.get("testAccuracy").asDouble(), 100 * d.get("testAccuracy").asDouble()));
        sb.append(String.format(Locale.ROOT, "ReLUs /%.2f, MACs /%.2f, accuracy %+.2f points; method %s, kernel %s, "
                        + "selected: %s%s%n", d.get("reluReduction").asDouble(), d.get("macReduction").asDouble(),
                -d.get("accuracyDropPoints").asDouble(), r.path("method").asText("shallow"),
                r.get("selection").get("kernel").asText(), r.get("selection").get("selected").toString(),
                r.get("selection").has("channelMasks") ? ", channel masks on " + r.get("selection")
                        .get("channelMasks").size() + " ReLU layers" : ""));
        sb.append(String.format(Locale.ROOT, "verified: deployed vs student on %d test images: %d prediction "
                        + "mismatches, max logit difference %.2e%n", v.get("images").asInt(),
                v.get("predictionMismatches").asInt(), v.get("maxAbsLogitDiff").asDouble()));
        JsonNode check = r.path("export").path("runtimeCheck");
        if (check.isObject()) {
            sb.append(String.format(Locale.ROOT, "exported: %s, checked in %s on %d random inputs: max difference "
                            + "%.2e%n", r.get("export").get("file").asText(), check.get("runtime").asText(),
                    check.get("randomInputs").asInt(), check.get("maxAbsDiff").asDouble()));
        }
        sb.append(String.format(Locale.ROOT, "PI estimates: %s (%s; round trips %s), online latency /%.2f%n",
                r.get("pi").get("profile").asText(), r.get("pi").get("network").asText(),
                r.get("pi").get("roundsDefinition").asText(), r.get("pi").get("onlineLatencyReduction").asDouble()));
        sb.append("counting: ").append(r.get("convention").asText()).append(System.lineSeparator());
        sb.append("wrote ").append(out.resolve("report.json")).append(", sensitivity.json, plan.json, student/, "
                + "deployed/, " + ShallowCommand.MODEL_FILE + ", report.html").append(System.lineSeparator());
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, long a, long b) {
        sb.append(String.format(Locale.ROOT, "%-14s %,14d %,14d%n", name, a, b));
    }
}
