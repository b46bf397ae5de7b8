package dev.shallowpi.cost;

import dev.shallowpi.ir.Shape;

/** What one node costs per sample. */
public record LayerCost(String name, String op, String attributes, Shape output, long relus, long macs,
                        long params) {
}
