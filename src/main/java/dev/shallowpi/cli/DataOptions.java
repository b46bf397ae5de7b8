package dev.shallowpi.cli;

import dev.shallowpi.data.DataError;
import dev.shallowpi.data.DatasetInfo;
import dev.shallowpi.data.DatasetKind;
import dev.shallowpi.data.FolderSpec;
import dev.shallowpi.data.ImageFolder;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Splits;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The flags that choose a dataset and how much of it to use. What the commands need of the dataset (classes, image
 * shape, normalisation, augmentation) is {@link #info()}: a built-in dataset's fixed figures, or those of an image
 * folder, decided from its training images or taken from the run a command continues or builds on.
 */
public final class DataOptions {
    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME",
            description = "fashion-mnist, mnist, cifar10, cifar100, or folder: your own images in --data-dir, as "
                    + "train/<class>/*.png|jpg and val/<class>/* (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the dataset's files (default for fashion-mnist: "
                    + "/usr/share/datasets/fashion-mnist, from the Debian package dataset-fashion-mnist).")
    Path dataDir;

    @Option(names = "--image-size", paramLabel = "HxW",
            description = "--dataset folder only: scale every image to cover HxW and crop it about its centre "
                    + "(default: the size of the first training image).")
    String imageSize;

    @Option(names = "--val-split", defaultValue = "5000", paramLabel = "N",
            description = "Training images held out as the calibration split (default: ${DEFAULT-VALUE}).")
    int valSplit;

    @Option(names = "--train-subset", defaultValue = "0", paramLabel = "N",
            description = "Train on the first N images of the rest only (default: all).")
    int trainSubset;

    @Option(names = "--test-subset", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N test images only (default: all).")
    int testSubset;

    /** What a run stored of its image folder (set by {@link #adoptStored}), or null. */
    private FolderSpec storedFolder;
    /** The image folder of this command, read once (null until asked for, and for the built-in datasets). */
    private FolderSource folder;

    /**
     * Dataset settings as stored in a checkpoint, so that later commands read the same data; an image folder's
     * record adds its classes, shape and normalisation ({@link FolderRecord}).
     */
    public com.fasterxml.jackson.databind.node.ObjectNode describe() {
        com.fasterxml.jackson.databind.node.ObjectNode o = dev.shallowpi.checkpoint.Checkpoint.json().createObjectNode();
        o.put("name", name());
        o.put("valSplit", valSplit);
        o.put("trainSubset", trainSubset);
        if (isFolder()) {
            FolderRecord.write(o, folder().spec());
        }
        return o;
    }

    /** The dataset's classes, image shape, normalisation and augmentation. */
    public DatasetInfo info() {
        if (isFolder()) {
            return folder().spec().info();
        }
        DatasetKind k = kind();
        if (imageSize != null) {
            throw new UserError("--image-size applies to --dataset " + ImageFolder.NAME + " only; " + k.cliName()
                    + " images are " + k.imageShape());
        }
        return k.info();
    }

    private boolean isFolder() {
        return ImageFolder.NAME.equals(dataset.toLowerCase(Locale.ROOT));
    }

    /** The dataset's name as {@code --dataset} spells it, refusing an unknown one. */
    private String name() {
        return isFolder() ? ImageFolder.NAME : kind().cliName();
    }

    private FolderSource folder() {
        if (folder == null) {
            folder = new FolderSource(dataDir, imageSize, storedFolder);
        }
        return folder;
    }

    /**
     * Takes the dataset settings of a stored run for every flag the user did not give, and refuses a given flag
     * that contradicts them: a resumed run must see the data it started on (all three), and a model built on a
     * teacher must keep the teacher's dataset and calibration split (the split depends only on its size), while
     * it may train on another subset ({@code sameTrainSubset} false).
     */
    public void adoptStored(com.fasterxml.jackson.databind.JsonNode stored, picocli.CommandLine.ParseResult given,
                            boolean sameTrainSubset) {
        if (stored == null) {
            return;
        }
        String name = stored.path("name").asText(dataset);
        int split = stored.path("valSplit").asInt(valSplit);
        int subset = stored.path("trainSubset").asInt(trainSubset);
        if (given.hasMatchedOption("--dataset") && !name().equals(name)) {
            throw new UserError("--dataset " + dataset + " differs from the run's dataset " + name);
        }
        if (given.hasMatchedOption("--val-split") && valSplit != split) {
            throw new UserError("--val-split " + valSplit + " differs from the run's " + split);
        }
        boolean subsetGiven = given.hasMatchedOption("--train-subset");
        if (sameTrainSubset && subsetGiven && trainSubset != subset) {
            throw new UserError("--train-subset " + trainSubset + " differs from the run's " + subset);
        }
        dataset = name;
        valSplit = split;
        if (!subsetGiven) {
            trainSubset = subset;
        }
        storedFolder = isFolder() ? FolderRecord.read(stored) : null;
        folder = null;
    }

    private DatasetKind kind() {
        try {
            return DatasetKind.parse(dataset);
        } catch (IllegalArgumentException e) {
            throw new UserError("--dataset: " + e.getMessage());
        }
    }

    public Path dir() {
        if (isFolder()) {
            if (dataDir == null) {
                folder(); // refuses, naming --data-dir
            }
            return dataDir;
        }
        try {
            return kind().resolveDir(dataDir);
        } catch (DataError e) {
            throw new UserError("--data-dir: " + e.getMessage());
        }
    }

    /** The training splits and the test images of one dataset. */
    public record Read(Splits.TrainSplits train, ImageSet test) {
        /** Refuses a batch larger than the training images, before any training: an epoch would have no step. */
        public void requireOneBatch(int batchSize) {
            int images = train.train().size();
            if (batchSize > images) {
                throw new UserError("--batch-size " + batchSize + " is more than the " + images + " training images"
                        + " (after --val-split and --train-subset): an epoch would have no step");
            }
        }
    }

    /**
     * The training splits and the test images. Each split is refused by the data folder's name when its images are
     * not the dataset's shape ({@link #read(boolean)}); an image folder's test images take its training images' shape.
     */
    public Read read() {
        return new Read(train(), test());
    }

    public Splits.TrainSplits train() {
        if (valSplit < 0) {
            throw new UserError("--val-split must be >= 0, got " + valSplit);
        }
        if (trainSubset < 0) {
            throw new UserError("--train-subset must be >= 0, got " + trainSubset);
        }
        ImageSet full = read(true);
        if (valSplit >= full.size()) {
            throw new UserError("--val-split " + valSplit + " leaves nothing to train on (" + full.size()
                    + " training images)");
        }
        return Splits.split(full, valSplit, trainSubset);
    }

    public ImageSet test() {
        if (testSubset < 0) {
            throw new UserError("--test-subset must be >= 0, got " + testSubset);
        }
        ImageSet t = read(false);
        if (testSubset > 0 && testSubset < t.size()) {
            int[] first = new int[testSubset];
            for (int i = 0; i < testSubset; i++) {
                first[i] = i;
            }
            t = t.select(first);
        }
        return t;
    }

    private ImageSet read(boolean train) {
        if (isFolder()) {
            return train ? folder().train() : folder().test();
        }
        DatasetKind k = kind();
        Path d = dir();
        try {
            ImageSet images = train ? k.train(d) : k.test(d);
            // every command sizes its models by the dataset's images: other images would be read as if they fit
            if (images.size() > 0 && !images.imageShape().equals(k.imageShape())) {
                throw new UserError("--data-dir " + d + ": the " + (train ? "training" : "test") + " images are "
                        + images.imageShape() + ", but " + k.cliName() + " images are " + k.imageShape());
            }
            return images;
        } catch (DataError e) {
            String hint = k == DatasetKind.FASHION_MNIST && dataDir == null
                    ? " (install it with: apt-get install -y dataset-fashion-mnist)" : "";
            throw new UserError(e.getMessage() + hint, e);
        }
    }
}
