package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

import java.nio.file.Path;

/**
 * Users' own images as a dataset ({@code --dataset folder}): {@code train/} is the training set, from which the
 * calibration split is held out as for every dataset, and {@code val/} the test set. {@link #load} decides the image
 * shape and the normalisation from {@code train/}; a run stores them ({@link FolderSpec}) and later reads go through
 * {@link #train} and {@link #val} with what it stored.
 *
 * <p>The shape: 1 channel when every training image is grayscale, else 3 (grayscale images repeated into R, G and B);
 * the size is the one asked for, else the first training image's (first class, first file). Every image is scaled
 * to cover that size and cropped about its centre ({@link Resampling}).
 */
public final class ImageFolder {
    /** The name {@code --dataset} gives an image folder. */
    public static final String NAME = "folder";

    private ImageFolder() {
    }

    /** The training images and what was decided from them. */
    public record Loaded(FolderSpec spec, ImageSet train) {
    }

    /**
     * The same augmentation as CIFAR's: random crops after zero padding by an eighth of the shorter side (4 for
     * 32x32), and horizontal flips. Flips suit photographs; a dataset where left and right matter (digits, text)
     * should train with {@code --no-augment}.
     */
    public static Augmentation augmentation(Shape imageShape) {
        return new Augmentation(Math.min(imageShape.height(), imageShape.width()) / 8, true);
    }

    /** Reads {@code train/}, deciding the shape ({@code size} null: the first image's) and the normalisation. */
    public static Loaded load(FolderLayout layout, ImageSize size) {
        ImageSize target = size;
        if (target == null) {
            ImageDecoder.Decoded first = ImageDecoder.decode(layout.train().get(0).file());
            try {
                target = new ImageSize(first.height(), first.width());
            } catch (DataError e) {
                throw new DataError(layout.train().get(0).file() + ": its size decides the folder's image size, but "
                        + e.getMessage() + "; choose one with --image-size");
            }
        }
        Path split = layout.root().resolve("train");
        FolderImages.requireFits(split, layout.train().size(), (long) target.height() * target.width());
        FolderImages.Fitted[] images = FolderImages.decode(layout.train(), target.height(), target.width());
        boolean gray = true;
        for (FolderImages.Fitted f : images) {
            gray &= f.channels() == 1;
        }
        Shape shape = Shape.of(gray ? 1 : 3, target.height(), target.width());
        FolderImages.requireFits(split, images.length, shape.elements());
        ImageSet train = FolderImages.assemble(images, layout.train(), shape, layout.classes().size());
        FolderSpec spec = new FolderSpec(layout.classes(), shape, PixelStatistics.of(train), train.size(),
                layout.trainListing());
        return new Loaded(spec, train);
    }

    /** Reads {@code train/} as a run stored it, refusing a folder whose classes or training files changed. */
    public static ImageSet train(FolderLayout layout, FolderSpec spec) {
        Path split = layout.root().resolve("train");
        requireClasses(layout, spec);
        if (layout.train().size() != spec.trainImages() || !layout.trainListing().equals(spec.trainListing())) {
            throw new DataError(split + ": holds " + layout.train().size() + " images, not the " + (layout.train().size()
                    == spec.trainImages() ? "same files as the " : "") + spec.trainImages() + " the run read: the "
                    + "calibration split (a fixed permutation of the training images) would no longer be the images "
                    + "the model never trained on");
        }
        return read(layout, layout.train(), spec.imageShape(), split);
    }

    /**
     * Reads {@code val/}, the test set, in a fixed shuffled order (the same every time): listed by class, its first
     * images would all be of the first classes, and {@code --test-subset N} takes the first N.
     */
    public static ImageSet val(FolderLayout layout, FolderSpec spec) {
        requireClasses(layout, spec);
        ImageSet sorted = read(layout, layout.val(), spec.imageShape(), layout.root().resolve("val"));
        return sorted.select(Splits.permutation(sorted.size(), Splits.SPLIT_SEED));
    }

    /** The folder's classes must be those the run's model outputs, in the same order. */
    private static void requireClasses(FolderLayout layout, FolderSpec spec) {
        if (!layout.classes().equals(spec.classNames())) {
            throw new DataError(layout.root().resolve("train") + ": the class folders " + String.join(", ",
                    layout.classes()) + " are not the run's " + String.join(", ", spec.classNames())
                    + " (the model's outputs are the run's classes, in that order)");
        }
    }

    private static ImageSet read(FolderLayout layout, java.util.List<FolderLayout.Entry> files, Shape shape,
                                 Path split) {
        FolderImages.requireFits(split, files.size(), shape.elements());
        FolderImages.Fitted[] images = FolderImages.decode(files, shape.height(), shape.width());
        return FolderImages.assemble(images, files, shape, layout.classes().size());
    }
}
