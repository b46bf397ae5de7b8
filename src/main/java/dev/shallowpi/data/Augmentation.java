package dev.shallowpi.data;

/** Random crop after zero padding (in pixel space, before normalisation) and an optional horizontal flip. */
public record Augmentation(int cropPadding, boolean flip) {
    public static final Augmentation NONE = new Augmentation(0, false);
}
