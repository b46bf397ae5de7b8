package dev.shallowpi.results;

/** The counts a PI paper reports for one model, per sample (the convention is the report's {@code convention}). */
public record ModelFigures(long relus, long macs, long params, int reluDepth, int linearDepth, int convs,
                           int reluLayers) {
}
