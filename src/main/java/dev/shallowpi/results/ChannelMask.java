package dev.shallowpi.results;

/**
 * One ReLU layer's channel mask as plans store it: how many channels the layer has, and the ones that keep their
 * ReLU (the others pass their input through).
 */
public record ChannelMask(int channels, int[] kept) {
}
