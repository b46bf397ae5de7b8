package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;

import dev.shallowpi.cost.Units;
import dev.shallowpi.results.ModelFigures;
import dev.shallowpi.results.PiDefinitions;
import dev.shallowpi.results.PiFigures;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.Verification;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The few lines a user reads after a shallow run: before and after, accuracy, verification, where files are. */
final class ShallowSummary {
    private ShallowSummary() {
    }

    static String text(RunReport r, Path out) {
        ModelFigures t = r.teacher().figures();
        ModelFigures d = r.deployed().figures();
        Verification v = r.verification();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "", "teacher", "deployed"));
        row(sb, "ReLUs", t.relus(), d.relus());
        row(sb, "MACs", t.macs(), d.macs());
        row(sb, "params", t.params(), d.params());
        row(sb, "ReLU depth", t.reluDepth(), d.reluDepth());
        row(sb, "linear depth", t.linearDepth(), d.linearDepth());
        row(sb, "convs", t.convs(), d.convs());
        PiFigures bp = r.before().pi();
        PiFigures ap = r.after().pi();
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "PI online", Units.of(bp.onlineSeconds(), "s"),
                Units.of(ap.onlineSeconds(), "s")));
        sb.append(String.format(Locale.ROOT, "%-14s %14s %14s%n", "PI traffic", Units.of(bp.onlineBytes(), "B"),
                Units.of(ap.onlineBytes(), "B")));
        row(sb, "round trips", bp.rounds(), ap.rounds());
        sb.append(String.format(Locale.ROOT, "%-14s %13.2f%% %13.2f%%%n", "test accuracy",
                100 * r.teacher().testAccuracy(), 100 * r.deployed().testAccuracy()));
        sb.append(String.format(Locale.ROOT, "ReLUs /%.2f, MACs /%.2f, accuracy %+.2f points; method %s, kernel %s, "
                        + "selected: %s%s%n", r.deployed().reluReduction(), r.deployed().macReduction(),
                -r.deployed().accuracyDropPoints(), r.method(), r.selection().kernel(),
                selected(r.selection().selected()), r.selection().channelMasks() != null ? ", channel masks on "
                        + r.selection().channelMasks().size() + " ReLU layers" : ""));
        sb.append(String.format(Locale.ROOT, "verified: deployed vs student on %d test images: %d prediction "
                        + "mismatches, max logit difference %.2e%n", v.images(), v.predictionMismatches(),
                v.maxAbsLogitDiff()));
        JsonNode check = r.export() == null ? null : r.export().path("runtimeCheck");
        if (check != null && check.isObject()) {
            sb.append(String.format(Locale.ROOT, "exported: %s, checked in %s on %d random inputs: max difference "
                            + "%.2e%n", r.export().get("file").asText(), check.get("runtime").asText(),
                    check.get("randomInputs").asInt(), check.get("maxAbsDiff").asDouble()));
        }
        PiDefinitions pi = r.pi().definitions();
        sb.append(String.format(Locale.ROOT, "PI estimates: %s (%s; round trips %s), online latency /%.2f%n",
                pi.profile(), pi.network(), pi.roundsDefinition(), r.pi().onlineLatencyReduction()));
        sb.append("counting: ").append(r.convention()).append(System.lineSeparator());
        sb.append("wrote ").append(out.resolve("report.json")).append(", sensitivity.json, plan.json, student/, "
                + "deployed/, " + ShallowCommand.MODEL_FILE + ", report.html").append(System.lineSeparator());
        return sb.toString();
    }

    /** The names as JSON writes a list of strings: {@code ["a","b"]}. */
    private static String selected(List<String> names) {
        List<String> quoted = new ArrayList<>();
        names.forEach(n -> quoted.add('"' + n + '"'));
        return "[" + String.join(",", quoted) + "]";
    }

    private static void row(StringBuilder sb, String name, long a, long b) {
        sb.append(String.format(Locale.ROOT, "%-14s %,14d %,14d%n", name, a, b));
    }
}
