package dev.shallowpi.cost;

/**
 * A model's estimated private-inference cost under a {@link PiProfile}: each phase's time split into compute,
 * transfer (bytes / bandwidth) and round trips (rounds x RTT), so a report can show what dominates.
 */
public record PiEstimate(String profile, Phase online, Phase offline) {

    /** One phase (online or offline). */
    public record Phase(double computeSeconds, double bytes, double transferSeconds, long rounds,
                        double roundTripSeconds) {
        public double seconds() {
            return computeSeconds + transferSeconds + roundTripSeconds;
        }
    }

    public static PiEstimate of(PiProfile p, ModelCost c) {
        return of(p, p.reluEquivalents(c.nonlinearities()), c.macs(), c.nonlinearDepth(), c.linearDepth());
    }

    /** {@code reluEquivalents}: every nonlinearity priced in ReLUs, as {@link PiProfile#reluEquivalents} does. */
    public static PiEstimate of(PiProfile p, double reluEquivalents, long macs, int nonlinearDepth,
                                int linearDepth) {
        PiProfile.PerUnit r = p.relu();
        PiProfile.PerUnit m = p.mac();
        double n = reluEquivalents;
        Phase online = phase(p, n * r.onlineSeconds() + macs * m.onlineSeconds(),
                n * r.onlineBytes() + macs * m.onlineBytes(), p.online().count(nonlinearDepth, linearDepth));
        Phase offline = phase(p, n * r.offlineSeconds() + macs * m.offlineSeconds(),
                n * r.offlineBytes() + macs * m.offlineBytes(), p.offline().count(nonlinearDepth, linearDepth));
        return new PiEstimate(p.name(), online, offline);
    }

    private static Phase phase(PiProfile p, double compute, double bytes, long rounds) {
        return new Phase(compute, bytes, p.network().transferSeconds(bytes), rounds, rounds * p.network().rttSeconds());
    }
}
