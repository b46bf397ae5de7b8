package dev.shallowpi.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.cost.Units;

import java.util.Locale;

/** A {@link PiEstimate} as the {@code pi} object of every JSON report, and as lines of text. */
public final class PiReport {
    private PiReport() {
    }

    /**
     * {@code profile}, {@code onlineSeconds}, {@code onlineBytes}, {@code offlineSeconds}, {@code offlineBytes},
     * {@code rounds} (online), then the parts of each time, the offline rounds, and what the figures mean.
     */
    public static ObjectNode json(PiProfile p, PiEstimate e) {
        ObjectNode o = figures(e);
        o.setAll(profile(p));
        return o;
    }

    /** The figures alone, named by their profile: what a report repeats for each model. */
    public static ObjectNode figures(PiEstimate e) {
        ObjectNode o = CostReport.mapper().createObjectNode();
        o.put("profile", e.profile());
        o.put("onlineSeconds", e.online().seconds());
        o.put("onlineBytes", e.online().bytes());
        o.put("offlineSeconds", e.offline().seconds());
        o.put("offlineBytes", e.offline().bytes());
        o.put("rounds", e.online().rounds());
        o.put("offlineRounds", e.offline().rounds());
        phase(o.putObject("online"), e.online());
        phase(o.putObject("offline"), e.offline());
        return o;
    }

    /**
     * {@link #profile}, with how much a run cut the online and offline latency under it (teacher over deployed
     * model): the {@code pi} object of a run's report.
     */
    public static ObjectNode profileWithReductions(PiProfile p, double onlineReduction, double offlineReduction) {
        ObjectNode o = profile(p);
        o.put("onlineLatencyReduction", onlineReduction);
        o.put("offlineLatencyReduction", offlineReduction);
        return o;
    }

    /** What the profile's figures mean: said once per report. */
    public static ObjectNode profile(PiProfile p) {
        ObjectNode o = CostReport.mapper().createObjectNode();
        o.put("profile", p.name());
        o.put("roundsDefinition", roundsDefinition(p));
        o.put("network", p.network().describe());
        o.put("formula", PiProfile.FORMULA);
        o.put("computeIncludes", p.computeIncludes());
        o.put("profileDescription", p.description());
        o.put("profileOrigin", p.origin());
        return o;
    }

    public static String roundsDefinition(PiProfile p) {
        return "online " + p.online().describe() + "; offline " + p.offline().describe()
                + " (depth: most such layers on an input-to-output path)";
    }

    private static void phase(ObjectNode o, PiEstimate.Phase ph) {
        o.put("seconds", ph.seconds());
        o.put("computeSeconds", ph.computeSeconds());
        o.put("transferSeconds", ph.transferSeconds());
        o.put("roundTripSeconds", ph.roundTripSeconds());
        o.put("bytes", ph.bytes());
        o.put("rounds", ph.rounds());
    }

    /** Lines for a text report: each phase's time and its parts, the rounds, the profile. */
    public static String text(PiProfile p, PiEstimate e) {
        StringBuilder sb = new StringBuilder();
        sb.append(line("PI online", e.online())).append(line("PI offline", e.offline()));
        sb.append(String.format(Locale.ROOT, "PI profile    %s (%s; rounds: online %s, offline %s)%n", p.name(),
                p.network().describe(), p.online().describe(), p.offline().describe()));
        sb.append("PI formula    ").append(PiProfile.FORMULA).append(System.lineSeparator());
        return sb.toString();
    }

    private static String line(String label, PiEstimate.Phase ph) {
        return String.format(Locale.ROOT, "%-13s %s, %s (compute %s + transfer %s + %d round trips %s)%n", label,
                Units.of(ph.seconds(), "s"), Units.of(ph.bytes(), "B"), Units.of(ph.computeSeconds(), "s"),
                Units.of(ph.transferSeconds(), "s"), ph.rounds(), Units.of(ph.roundTripSeconds(), "s"));
    }
}
