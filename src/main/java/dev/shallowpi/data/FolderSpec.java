package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

import java.util.List;

/**
 * What a run stores of an image folder so that every later command (a resumed run, eval, shallow on the teacher)
 * reads it as the run did: its classes in label order, the image shape, the normalisation measured on its training
 * images, and which training files there were (their count and {@link FolderLayout#trainListing() listing}).
 */
public record FolderSpec(List<String> classNames, Shape imageShape, Normalization normalization, int trainImages,
                         String trainListing) {
    public FolderSpec {
        classNames = List.copyOf(classNames);
        if (imageShape.rank() != 3 || (imageShape.channels() != 1 && imageShape.channels() != 3)) {
            throw new DataError("an image folder's images are 1xHxW or 3xHxW, not " + imageShape);
        }
        if (normalization.mean().length != imageShape.channels()
                || normalization.std().length != imageShape.channels()) {
            throw new DataError("an image folder's normalisation needs one mean and one deviation a channel ("
                    + imageShape.channels() + ")");
        }
        for (double sd : normalization.std()) {
            if (!(sd > 0)) {
                throw new DataError("a deviation of " + sd + " would divide by zero or flip the images");
            }
        }
    }

    /** The dataset as every command sees it. */
    public DatasetInfo info() {
        return new DatasetInfo(ImageFolder.NAME, classNames.size(), imageShape, normalization,
                ImageFolder.augmentation(imageShape));
    }
}
