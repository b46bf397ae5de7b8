package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

/**
 * What every command needs to know of a dataset before it builds or checks a model: its name (as {@code --dataset}
 * spells it), how many classes, the shape of one image, and how images are normalised and augmented. Resolved once
 * from the flags: for a built-in dataset from {@link DatasetKind}, for an image folder from its files (or from what
 * a run stored of them).
 */
public record DatasetInfo(String name, int classes, Shape imageShape, Normalization normalization,
                          Augmentation augmentation) {
}
