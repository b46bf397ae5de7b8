package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One node of a model as a report's per-layer costs list it ({@code layers} of {@code before} and {@code after}):
 * name, op, attributes in words, output shape, and its ReLUs, MACs and params per sample.
 */
public record LayerCostRow(@JsonProperty(required = true) String name, @JsonProperty(required = true) String op,
                           String attributes, String output, @JsonProperty(required = true) long relus,
                           @JsonProperty(required = true) long macs, long params) {
}
