package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The counts a PI paper reports for one model, per sample (the convention is the report's {@code convention}). All
 * but the ReLU layers are shown by the HTML report, and so required when a report is read back.
 */
public record ModelFigures(@JsonProperty(required = true) long relus, @JsonProperty(required = true) long macs,
                           @JsonProperty(required = true) long params, @JsonProperty(required = true) int reluDepth,
                           @JsonProperty(required = true) int linearDepth, @JsonProperty(required = true) int convs,
                           int reluLayers) {
}
