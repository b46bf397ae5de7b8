package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * What a PI profile's figures mean, said once per report ({@code pi} of {@code sweep.json}; with the latency
 * reductions, of {@code report.json}): the profile's name, its rounds, network and formula in words, what its
 * compute covers, where its values come from, and what each nonlinearity kind but the ReLU costs in ReLUs.
 */
public record PiDefinitions(@JsonProperty(required = true) String profile, String roundsDefinition, String network,
                            String formula, String computeIncludes, String profileDescription,
                            String profileOrigin, Map<String, Double> reluEquivalents) {
}
