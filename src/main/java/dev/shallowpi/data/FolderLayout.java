package dev.shallowpi.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of an image folder in torchvision's ImageFolder layout: {@code train/<class>/...} and
 * {@code val/<class>/...}. Classes are the sub-folders of {@code train/} in name order, labelled 0, 1, ... in that
 * order; {@code val/} must have the same ones. Within a class folder, every {@code .png}, {@code .jpg} and
 * {@code .jpeg} file (any case, in sub-folders too) is an image, in the order of its path; every other file and
 * anything whose name starts with a dot is passed over, so that notes, {@code .DS_Store} and checkpoints of
 * notebooks do not break a dataset. Nothing is decoded here.
 */
public record FolderLayout(Path root, List<String> classes, List<Entry> train, List<Entry> val) {
    /** One image file and its label (the index of its class). */
    public record Entry(Path file, int label) {
    }

    public FolderLayout {
        classes = List.copyOf(classes);
        train = List.copyOf(train);
        val = List.copyOf(val);
    }

    /** Lists the folder, refusing by name what is not an image folder (see the class comment). */
    public static FolderLayout scan(Path root) {
        if (!Files.exists(root)) {
            throw new DataError(root + ": no such folder");
        }
        if (!Files.isDirectory(root)) {
            throw new DataError(root + ": not a folder (an image folder holds train/<class>/ and val/<class>/)");
        }
        Path trainDir = split(root, "train");
        Path valDir = split(root, "val");
        List<String> classes = classFolders(trainDir);
        if (classes.isEmpty()) {
            throw new DataError(trainDir + ": no class folders (put each class's images in train/<class>/)");
        }
        if (classes.size() < 2) {
            throw new DataError(trainDir + ": only one class folder (" + classes.get(0) + "); a classifier needs at "
                    + "least two");
        }
        List<String> valClasses = classFolders(valDir);
        if (!valClasses.equals(classes)) {
            TreeSet<String> missing = new TreeSet<>(classes);
            missing.removeAll(valClasses);
            TreeSet<String> extra = new TreeSet<>(valClasses);
            extra.removeAll(classes);
            throw new DataError(valDir + ": its class folders must be train/'s" + (missing.isEmpty() ? ""
                    : "; missing: " + String.join(", ", missing)) + (extra.isEmpty() ? ""
                    : "; not in train/: " + String.join(", ", extra)));
        }
        return new FolderLayout(root, classes, entries(trainDir, classes), entries(valDir, classes));
    }

    /**
     * A digest of the training files' paths (relative to {@code train/}) and labels. A run stores it so that a
     * later command refuses a folder whose training images changed: the calibration split is a fixed permutation of
     * the training images, and another set of files would put trained-on images into it.
     */
    public String trainListing() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path base = root.resolve("train");
            for (Entry e : train) {
                sha.update((e.label() + "\t" + relative(base, e.file()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Path split(Path root, String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new DataError(root + ": no " + name + "/ folder (an image folder holds train/<class>/ and "
                    + "val/<class>/ sub-folders of .png or .jpg images)");
        }
        return dir;
    }

    /** The sub-folders of a split, in String order (torchvision sorts by name too), hidden ones passed over. */
    private static List<String> classFolders(Path dir) {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataError(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static List<Entry> entries(Path split, List<String> classes) {
        List<Entry> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = split.resolve(classes.get(label));
            List<Path> files = images(dir);
            if (files.isEmpty()) {
                throw new DataError(dir + ": no .png, .jpg or .jpeg images in this class folder");
            }
            for (Path f : files) {
                out.add(new Entry(f, label));
            }
        }
        return out;
    }

    /** The image files under a class folder, sub-folders included, sorted by their path within it. */
    private static List<Path> images(Path dir) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && !hidden(f) && isImageName(f)) {
                                found.add(f);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                            throw e;
                        }
                    });
        } catch (FileSystemLoopException e) {
            throw new DataError(dir + ": a symbolic link loops back to " + e.getFile(), e);
        } catch (IOException e) {
            throw new DataError(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        found.sort((a, b) -> relative(dir, a).compareTo(relative(dir, b)));
        return found;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** {@code .png}, {@code .jpg} or {@code .jpeg}, in any case. */
    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** A path below {@code base} with '/' separators, so that orders and digests do not depend on the platform. */
    private static String relative(Path base, Path p) {
        return base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }
}
