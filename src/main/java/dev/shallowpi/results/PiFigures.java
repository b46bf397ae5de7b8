package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A model's estimated private-inference cost under a PI profile, as every report writes it ({@code pi} of
 * {@code before}, {@code after}, a sweep's teacher and rows): each phase's time, traffic and rounds, then the parts of
 * each time. The figures the HTML report shows are required: a report cannot be drawn without them.
 *
 * @param profile the profile the figures were estimated under
 * @param rounds  the online phase's rounds
 */
public record PiFigures(String profile, @JsonProperty(required = true) double onlineSeconds,
                        @JsonProperty(required = true) double onlineBytes,
                        @JsonProperty(required = true) double offlineSeconds,
                        @JsonProperty(required = true) double offlineBytes,
                        @JsonProperty(required = true) long rounds, long offlineRounds, Phase online,
                        Phase offline) {

    /** One phase: its time, the compute, transfer and round-trip parts of it, its bytes and rounds. */
    public record Phase(double seconds, double computeSeconds, double transferSeconds, double roundTripSeconds,
                        double bytes, long rounds) {
    }
}
