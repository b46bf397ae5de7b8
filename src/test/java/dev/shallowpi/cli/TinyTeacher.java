package dev.shallowpi.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tiny teacher (resnet20 x0.25, one epoch on 1,000 Fashion-MNIST images) trained once per test JVM and shared
 * by the tests of shallow and sweep; deleted when the JVM exits.
 */
final class TinyTeacher {
    private static Path dir;

    private TinyTeacher() {
    }

    static synchronized Path get() {
        if (dir == null) {
            try {
                Path root = Files.createTempDirectory("shallowpi-teacher");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                Path teacher = root.resolve("teacher");
                AnalyzeCommandTest.Result r = AnalyzeCommandTest.run("train", "--model", "resnet20", "--width",
                        "0.25", "--epochs", "1", "--train-subset", "1000", "--test-subset", "500", "--batch-size",
                        "50", "--out", teacher.toString(), "--quiet");
                assertEquals(0, r.code(), r.err());
                dir = teacher;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
