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
        return of(p, c.relus(), c.macs(), c.reluDepth(), c.linearDepth());
    }

    public static PiEstimate of(PiProfile p, long relus, long macs, int reluDepth, int linearDepth) {
        PiProfile.PerUnit r = p.relu();
        PiProfile.PerUnit m = p.mac();
        Phase online = phase(p, relus * r.onlineSeconds() + macs * m.onlineSeconds(),
                relus * r.onlineBytes() + macs * m.onlineBytes(), p.online().count(reluDepth, linearDepth));
        Phase offline = phase(p, relus * r.offlineSeconds() + macs * m.offlineSeconds(),
                relus * r.offlineBytes() + macs * m.offlineBytes(), p.offline().count(reluDepth, linearDepth));
        return new PiEstimate(p.name(), online, offline);
    }

    private static Phase phase(PiProfile p, double compute, double bytes, long rounds) {
        return new Phase(compute, bytes, p.network().transferSeconds(bytes), rounds, rounds * p.network().rttSeconds());
    }
}
