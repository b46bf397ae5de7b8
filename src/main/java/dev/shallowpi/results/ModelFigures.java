package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * The counts a PI paper reports for one model, per sample (the convention is the report's {@code convention}). All
 * but the ReLU layers, the elements per nonlinearity kind and the nonlinear depth are shown by the HTML report, and
 * so required when a report is read back (files of older versions have no nonlinearity figures).
 *
 * @param nonlinearities elements per nonlinearity kind ({@code relu}, {@code relu6}, {@code product}, ...)
 * @param nonlinearDepth most nonlinear layers of any kind on an input-to-output path: the PI rounds are counted by it
 */
public record ModelFigures(@JsonProperty(required = true) long relus, @JsonProperty(required = true) long macs,
                           @JsonProperty(required = true) long params, @JsonProperty(required = true) int reluDepth,
                           @JsonProperty(required = true) int linearDepth, @JsonProperty(required = true) int convs,
                           int reluLayers, Map<String, Long> nonlinearities, int nonlinearDepth) {
}
