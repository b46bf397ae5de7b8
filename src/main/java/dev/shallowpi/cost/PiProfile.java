package dev.shallowpi.cost;

/**
 * What a private-inference protocol charges, per unit of the counts of {@link CostAnalysis}: a ReLU, a MAC, a layer
 * of depth, and the network between the parties. Profiles are data ({@link PiProfiles} reads them from JSON), so
 * that a user can describe their own protocol and network without code.
 *
 * <p>Estimated time of a phase (online or offline) = compute + bytes / bandwidth + rounds x RTT, where compute is
 * {@code relus * relu.seconds + macs * mac.seconds}, bytes {@code relus * relu.bytes + macs * mac.bytes}, and
 * rounds {@code perReluLayer * reluDepth + perLinearLayer * linearDepth + fixed}: round trips happen one after
 * another only along the longest input-to-output path, which is why depth, not the layer count, is charged.
 *
 * @param name            as given to {@code --pi-profile}
 * @param description     what protocol and setting the figures describe
 * @param computeIncludes what the per-unit times cover, so that nobody adds it twice
 * @param origin          where the profile was read from (a shipped resource or a file)
 */
public record PiProfile(String name, String description, String computeIncludes, String origin, PerUnit relu,
                        PerUnit mac, Rounds online, Rounds offline, Network network) {

    /** The estimate's formula, stated in every report. */
    public static final String FORMULA = "time = compute + bytes / bandwidth + rounds x RTT, per phase; compute = "
            + "ReLUs x time per ReLU + MACs x time per MAC; bytes likewise; rounds = per ReLU layer x ReLU depth + "
            + "per linear layer x linear depth + fixed";

    /** Seconds and bytes one unit (a ReLU, a MAC) costs in each phase. */
    public record PerUnit(double onlineSeconds, double onlineBytes, double offlineSeconds, double offlineBytes) {
    }

    /** Round trips of one phase: per layer on the longest path, and a fixed number. */
    public record Rounds(long perReluLayer, long perLinearLayer, long fixed) {
        public long count(int reluDepth, int linearDepth) {
            return perReluLayer * reluDepth + perLinearLayer * linearDepth + fixed;
        }

        /** {@code 1 x ReLU depth + 1}, for reports. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            if (perReluLayer != 0) {
                sb.append(perReluLayer).append(" x ReLU depth");
            }
            if (perLinearLayer != 0) {
                sb.append(sb.length() > 0 ? " + " : "").append(perLinearLayer).append(" x linear depth");
            }
            if (fixed != 0 || sb.length() == 0) {
                sb.append(sb.length() > 0 ? " + " : "").append(fixed);
            }
            return sb.toString();
        }
    }

    /**
     * The link between the parties.
     *
     * @param bandwidthBitsPerSecond positive; infinite when transfers are not charged (figures measured with both
     *                               parties on one host already contain them)
     */
    public record Network(double bandwidthBitsPerSecond, double rttSeconds) {
        public double transferSeconds(double bytes) {
            return Double.isInfinite(bandwidthBitsPerSecond) ? 0 : bytes * 8 / bandwidthBitsPerSecond;
        }

        /** {@code 400 Mbit/s, RTT 40 ms}, for reports. */
        public String describe() {
            String bw = Double.isInfinite(bandwidthBitsPerSecond) ? "bandwidth unlimited (transfers not charged)"
                    : Units.of(bandwidthBitsPerSecond, "bit/s");
            return bw + ", RTT " + Units.of(rttSeconds, "s");
        }
    }

    /**
     * Online seconds of a model with these counts, without building an estimate: the selection evaluates it for
     * every subset it tries.
     */
    public double onlineSeconds(long relus, long macs, int reluDepth, int linearDepth) {
        double bytes = relus * relu.onlineBytes + macs * mac.onlineBytes;
        return relus * relu.onlineSeconds + macs * mac.onlineSeconds + network.transferSeconds(bytes)
                + online.count(reluDepth, linearDepth) * network.rttSeconds;
    }
}
