package dev.shallowpi.cost;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a private-inference protocol charges, per unit of the counts of {@link CostAnalysis}: a ReLU, a MAC, a layer
 * of depth, and the network between the parties. Profiles are data ({@link PiProfiles} reads them from JSON), so
 * that a user can describe their own protocol and network without code.
 *
 * <p>Estimated time of a phase (online or offline) = compute + bytes / bandwidth + rounds x RTT, where compute is
 * {@code reluEquivalents * relu.seconds + macs * mac.seconds}, bytes {@code reluEquivalents * relu.bytes + macs *
 * mac.bytes}, and rounds {@code perNonlinearLayer * nonlinearDepth + perLinearLayer * linearDepth + fixed}. The
 * other nonlinearities than the ReLU (ReLU6, sigmoid, a product of two activations, ...) are priced as a number of
 * ReLUs each, per kind ({@link #reluEquivalents()}); every nonlinear layer is a protocol step of its own. Round trips
 * happen one after another only along the longest input-to-output path, which is why depth, not the layer count, is
 * charged.
 *
 * @param name            as given to {@code --pi-profile}
 * @param description     what protocol and setting the figures describe
 * @param computeIncludes what the per-unit times cover, so that nobody adds it twice
 * @param origin          where the profile was read from (a shipped resource or a file)
 * @param reluEquivalents for each kind of {@link OpCosts#NONLINEARITIES} but the plain ReLU, what one element costs
 *                        in ReLUs (each of the ReLU's per-unit figures times this)
 */
public record PiProfile(String name, String description, String computeIncludes, String origin, PerUnit relu,
                        Map<String, Double> reluEquivalents, PerUnit mac, Rounds online, Rounds offline,
                        Network network) {

    public PiProfile {
        reluEquivalents = Collections.unmodifiableMap(new TreeMap<>(reluEquivalents));
        for (String kind : OpCosts.NONLINEARITIES) {
            if (!kind.equals("relu") && !reluEquivalents.containsKey(kind)) {
                throw new IllegalArgumentException("profile " + name + " does not price nonlinearity " + kind);
            }
        }
    }

    /** The estimate's formula, stated in every report. */
    public static final String FORMULA = "time = compute + bytes / bandwidth + rounds x RTT, per phase; compute = "
            + "ReLU-equivalents x time per ReLU + MACs x time per MAC; bytes likewise; ReLU-equivalents = ReLUs + "
            + "each other nonlinearity's elements x its price in ReLUs; rounds = per nonlinear layer x nonlinear "
            + "depth + per linear layer x linear depth + fixed";

    /**
     * What these elements per nonlinearity kind cost in ReLUs: a plain ReLU 1, every other kind its
     * {@link #reluEquivalents()} price.
     */
    public double reluEquivalents(Map<String, Long> elementsByKind) {
        long[] byKind = new long[OpCosts.NONLINEARITIES.size()];
        elementsByKind.forEach((kind, n) -> {
            int i = OpCosts.NONLINEARITIES.indexOf(kind);
            if (i < 0) {
                throw new IllegalArgumentException("'" + kind + "' is no nonlinearity kind");
            }
            byKind[i] += n;
        });
        return reluEquivalents(byKind);
    }

    /**
     * As {@link #reluEquivalents(Map)}, the elements indexed as {@link OpCosts#NONLINEARITIES}: the selection's form,
     * summed in the same order so that both give the same double.
     */
    public double reluEquivalents(long[] byKind) {
        double sum = 0;
        for (int i = 0; i < byKind.length; i++) {
            sum += byKind[i] * price(OpCosts.NONLINEARITIES.get(i));
        }
        return sum;
    }

    /** One element of this nonlinearity kind, in ReLUs. */
    public double price(String kind) {
        if (kind.equals("relu")) {
            return 1;
        }
        Double p = reluEquivalents.get(kind);
        if (p == null) {
            throw new IllegalArgumentException("profile " + name + " does not price nonlinearity " + kind);
        }
        return p;
    }

    /** Seconds and bytes one unit (a ReLU, a MAC) costs in each phase. */
    public record PerUnit(double onlineSeconds, double onlineBytes, double offlineSeconds, double offlineBytes) {
    }

    /**
     * Round trips of one phase: per layer on the longest path, and a fixed number.
     *
     * @param perNonlinearLayer per layer of any nonlinearity kind (for a ReLU-only model: per ReLU layer)
     */
    public record Rounds(long perNonlinearLayer, long perLinearLayer, long fixed) {
        public long count(int nonlinearDepth, int linearDepth) {
            return perNonlinearLayer * nonlinearDepth + perLinearLayer * linearDepth + fixed;
        }

        /** {@code 1 x nonlinear depth + 1}, for reports. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            if (perNonlinearLayer != 0) {
                sb.append(perNonlinearLayer).append(" x nonlinear depth");
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
     * every subset it tries. {@code reluEquivalents} as {@link #reluEquivalents(Map)} gives them.
     */
    public double onlineSeconds(double reluEquivalents, long macs, int nonlinearDepth, int linearDepth) {
        double bytes = reluEquivalents * relu.onlineBytes + macs * mac.onlineBytes;
        return reluEquivalents * relu.onlineSeconds + macs * mac.onlineSeconds + network.transferSeconds(bytes)
                + online.count(nonlinearDepth, linearDepth) * network.rttSeconds;
    }
}
