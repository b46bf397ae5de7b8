package dev.shallowpi.cli;

import dev.shallowpi.data.DataError;
import dev.shallowpi.data.FolderLayout;
import dev.shallowpi.data.FolderSpec;
import dev.shallowpi.data.ImageFolder;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.ImageSize;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code --dataset folder} as the data flags give it: the folder, the size asked for, and what a run stored of the
 * folder when a command continues or builds on one. The folder is listed once and its training images decoded once
 * per command, however many times the command asks (deciding the shape and the normalisation reads them all).
 * Every refusal of {@code data} comes out as a {@link UserError} naming {@code --data-dir} and the file or folder.
 */
final class FolderSource {
    private final Path dir;
    private final ImageSize size;
    private final FolderSpec stored;
    private FolderLayout layout;
    private FolderSpec spec;
    private ImageSet train;

    FolderSource(Path dataDir, String imageSize, FolderSpec stored) {
        if (dataDir == null) {
            throw new UserError("--data-dir: --dataset " + ImageFolder.NAME + " needs --data-dir DIR, the folder "
                    + "holding train/<class>/ and val/<class>/ with .png or .jpg images");
        }
        this.dir = dataDir;
        this.stored = stored;
        this.size = parse(imageSize);
        if (stored != null && size != null && (size.height() != stored.imageShape().height()
                || size.width() != stored.imageShape().width())) {
            throw new UserError("--image-size " + size + " differs from the run's " + stored.imageShape().height()
                    + "x" + stored.imageShape().width() + " (its images are " + stored.imageShape() + ")");
        }
    }

    private static ImageSize parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ImageSize.parse(text);
        } catch (DataError e) {
            throw new UserError("--image-size: " + e.getMessage(), e);
        }
    }

    /** The classes, shape and normalisation: the run's, or decided from {@code train/}. */
    FolderSpec spec() {
        if (spec == null) {
            if (stored != null) {
                spec = stored;
            } else {
                ImageFolder.Loaded loaded = named(() -> ImageFolder.load(layout(), size));
                spec = loaded.spec();
                train = loaded.train();
            }
        }
        return spec;
    }

    /** All of {@code train/}, before the calibration split is held out. */
    ImageSet train() {
        if (train == null) {
            if (stored != null) {
                train = named(() -> ImageFolder.train(layout(), stored));
            } else {
                spec();
            }
        }
        return train;
    }

    /** {@code val/}, the test set. */
    ImageSet test() {
        FolderSpec s = spec();
        return named(() -> ImageFolder.val(layout(), s));
    }

    private FolderLayout layout() {
        if (layout == null) {
            layout = named(() -> FolderLayout.scan(dir));
        }
        return layout;
    }

    private static <T> T named(Supplier<T> read) {
        try {
            return read.get();
        } catch (DataError e) {
            throw new UserError("--data-dir: " + e.getMessage(), e);
        }
    }
}
