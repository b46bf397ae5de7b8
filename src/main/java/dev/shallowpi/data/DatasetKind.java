package dev.shallowpi.data;

import dev.shallowpi.ir.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The datasets the tool reads, with where their files live, their per-channel normalisation (the usual
 * published means and standard deviations of the training sets) and their augmentation.
 */
public enum DatasetKind {
    FASHION_MNIST("fashion-mnist", "/usr/share/datasets/fashion-mnist", 10, new double[] {0.2860},
            new double[] {0.3530}, 2, true),
    MNIST("mnist", "/usr/share/datasets/mnist", 10, new double[] {0.1307}, new double[] {0.3081}, 2, false),
    CIFAR10("cifar10", null, 10, new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616},
            4, true),
    CIFAR100("cifar100", null, 100, new double[] {0.5071, 0.4865, 0.4409}, new double[] {0.2673, 0.2564, 0.2762},
            4, true);

    private final String cliName;
    private final String defaultDir;
    private final int classes;
    private final double[] mean;
    private final double[] std;
    private final int cropPadding;
    private final boolean flip;

    DatasetKind(String cliName, String defaultDir, int classes, double[] mean, double[] std, int cropPadding,
                boolean flip) {
        this.cliName = cliName;
        this.defaultDir = defaultDir;
        this.classes = classes;
        this.mean = mean;
        this.std = std;
        this.cropPadding = cropPadding;
        this.flip = flip;
    }

    public static DatasetKind parse(String name) {
        for (DatasetKind k : values()) {
            if (k.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: fashion-mnist, mnist, cifar10, "
                + "cifar100, " + ImageFolder.NAME);
    }

    public String cliName() {
        return cliName;
    }

    public int classes() {
        return classes;
    }

    public Shape imageShape() {
        return this == CIFAR10 || this == CIFAR100 ? Shape.of(3, 32, 32) : Shape.of(1, 28, 28);
    }

    public Normalization normalization() {
        return new Normalization(mean, std);
    }

    public Augmentation augmentation() {
        return new Augmentation(cropPadding, flip);
    }

    /** The dataset as every command sees it. */
    public DatasetInfo info() {
        return new DatasetInfo(cliName, classes, imageShape(), normalization(), augmentation());
    }

    /** The folder to read when none is given; CIFAR has none, since no package ships it. */
    public Path resolveDir(Path given) {
        if (given != null) {
            return given;
        }
        if (defaultDir == null) {
            throw new DataError(cliName + " has no default folder: pass --data-dir with the binary version's files");
        }
        return Path.of(defaultDir);
    }

    public ImageSet train(Path dir) {
        switch (this) {
            case FASHION_MNIST:
            case MNIST:
                return readIdx(dir, "train");
            case CIFAR10:
                List<Path> batches = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    batches.add(dir.resolve("data_batch_" + i + ".bin"));
                }
                return CifarReader.readCifar10(batches);
            default:
                return CifarReader.readCifar100(List.of(dir.resolve("train.bin")));
        }
    }

    public ImageSet test(Path dir) {
        switch (this) {
            case FASHION_MNIST:
            case MNIST:
                return readIdx(dir, "t10k");
            case CIFAR10:
                return CifarReader.readCifar10(List.of(dir.resolve("test_batch.bin")));
            default:
                return CifarReader.readCifar100(List.of(dir.resolve("test.bin")));
        }
    }

    /** An MNIST-style split: {@code <prefix>-images-idx3-ubyte} and {@code -labels-idx1-ubyte}, gzipped or not. */
    private ImageSet readIdx(Path dir, String prefix) {
        return IdxReader.read(Files.firstExisting(dir, prefix + "-images-idx3-ubyte.gz", prefix + "-images-idx3-ubyte"),
                Files.firstExisting(dir, prefix + "-labels-idx1-ubyte.gz", prefix + "-labels-idx1-ubyte"), classes);
    }
}
