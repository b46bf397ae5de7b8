package dev.shallowpi.method.selection;

/**
 * What a selection leaves, as the searches compare it: ReLUs, MACs and, when a latency target asks for it, the
 * estimated online PI latency in seconds (NaN otherwise: computing it needs the depths, which costs a pass over
 * the graph per subset).
 */
record Point(long relus, long macs, double latency) {
}
