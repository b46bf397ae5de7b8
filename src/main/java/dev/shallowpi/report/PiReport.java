package dev.shallowpi.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.cost.Units;
import dev.shallowpi.results.PiDefinitions;
import dev.shallowpi.results.PiFigures;

import java.math.BigDecimal;
import java.util.Locale;

/** A {@link PiEstimate} as the {@code pi} object of every JSON report, and as lines of text. */
public final class PiReport {
    private PiReport() {
    }

    /**
     * {@code profile}, {@code onlineSeconds}, {@code onlineBytes}, {@code offlineSeconds}, {@code offlineBytes},
     * {@code rounds} (online), then the parts of each time, the offline rounds, and what the figures mean: the
     * {@code pi} object of {@code analyze --json}.
     */
    public static ObjectNode json(PiProfile p, PiEstimate e) {
        ObjectNode o = CostReport.mapper().valueToTree(figures(e));
        o.setAll((ObjectNode) CostReport.mapper().valueToTree(definitions(p)));
        return o;
    }

    /** The figures alone, named by their profile: what a report repeats for each model. */
    public static PiFigures figures(PiEstimate e) {
        return new PiFigures(e.profile(), e.online().seconds(), e.online().bytes(), e.offline().seconds(),
                e.offline().bytes(), e.online().rounds(), e.offline().rounds(), phase(e.online()),
                phase(e.offline()));
    }

    /** What the profile's figures mean: said once per report. */
    public static PiDefinitions definitions(PiProfile p) {
        return new PiDefinitions(p.name(), roundsDefinition(p), p.network().describe(), PiProfile.FORMULA,
                p.computeIncludes(), p.description(), p.origin(), p.reluEquivalents());
    }

    public static String roundsDefinition(PiProfile p) {
        return "online " + p.online().describe() + "; offline " + p.offline().describe()
                + " (depth: most such layers on an input-to-output path)";
    }

    private static PiFigures.Phase phase(PiEstimate.Phase ph) {
        return new PiFigures.Phase(ph.seconds(), ph.computeSeconds(), ph.transferSeconds(), ph.roundTripSeconds(),
                ph.bytes(), ph.rounds());
    }

    /** Lines for a text report: each phase's time and its parts, the rounds, the profile. */
    public static String text(PiProfile p, PiEstimate e) {
        StringBuilder sb = new StringBuilder();
        sb.append(line("PI online", e.online())).append(line("PI offline", e.offline()));
        sb.append(String.format(Locale.ROOT, "PI profile    %s (%s; rounds: online %s, offline %s)%n", p.name(),
                p.network().describe(), p.online().describe(), p.offline().describe()));
        sb.append("PI prices     ").append(prices(p)).append(System.lineSeparator());
        sb.append("PI formula    ").append(PiProfile.FORMULA).append(System.lineSeparator());
        return sb.toString();
    }

    /** {@code relu6 2, ..., product 0.027 ReLUs per element}. */
    public static String prices(PiProfile p) {
        StringBuilder sb = new StringBuilder();
        p.reluEquivalents().forEach((kind, price) -> sb.append(sb.length() == 0 ? "" : ", ").append(kind).append(' ')
                .append(new BigDecimal(Double.toString(price)).stripTrailingZeros().toPlainString()));
        return sb.append(" ReLUs per element").toString();
    }

    private static String line(String label, PiEstimate.Phase ph) {
        return String.format(Locale.ROOT, "%-13s %s, %s (compute %s + transfer %s + %d round trips %s)%n", label,
                Units.of(ph.seconds(), "s"), Units.of(ph.bytes(), "B"), Units.of(ph.computeSeconds(), "s"),
                Units.of(ph.transferSeconds(), "s"), ph.rounds(), Units.of(ph.roundTripSeconds(), "s"));
    }
}
