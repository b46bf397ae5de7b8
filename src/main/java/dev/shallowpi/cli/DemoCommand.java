package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.data.DatasetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code shallowpi demo}: the whole method on Fashion-MNIST, as two ordinary commands (printed before they run):
 * train a ResNet-18 x0.25 teacher for 15 epochs, then make it shallow at the seed's headline budget (ReLUs /1.73,
 * MACs /1.47) with 10 epochs of distillation: the run recorded in BENCHMARKS.md.
 * A rerun continues where the last one stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a teacher on Fashion-MNIST and make it shallow (ReLUs /1.73, MACs /1.47), end to end.")
public final class DemoCommand implements Runnable {
    @Option(names = "--quick", description = "A minute or two instead of about 20 minutes: 2,000 training images, "
            + "two teacher epochs and one student epoch in batches of 32, 1,000 test images (the figures then mean "
            + "little).")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for both runs (default: runs/demo, or "
            + "runs/demo-quick with --quick).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Fashion-MNIST folder (default: "
            + "/usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (dataDir == null) {
            ensureFashionMnist();
        }
        Path dir = out != null ? out : Path.of(quick ? "runs/demo-quick" : "runs/demo");
        Path teacher = dir.resolve("teacher");
        Path shallow = dir.resolve("shallow");
        List<String> train = new ArrayList<>(List.of("train", "--model", "resnet18", "--width", "0.25", "--dataset",
                "fashion-mnist", "--epochs", quick ? "2" : "15", "--out", teacher.toString()));
        List<String> method = new ArrayList<>(List.of("shallow", "--teacher", teacher.toString(), "--relu-reduction",
                "1.73", "--mac-reduction", "1.47", "--epochs", quick ? "1" : "10", "--out", shallow.toString()));
        if (quick) {
            // Small batches and no warm-up or augmentation, so that so few steps still learn something.
            train.addAll(List.of("--train-subset", "2000", "--test-subset", "1000", "--batch-size", "32", "--lr",
                    "0.05", "--warmup-epochs", "0", "--no-augment"));
            method.addAll(List.of("--train-subset", "2000", "--test-subset", "1000", "--calibration-images", "500",
                    "--batch-size", "32", "--lr", "0.01"));
        }
        if (dataDir != null) {
            train.addAll(List.of("--data-dir", dataDir.toString()));
            method.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (Checkpoint.exists(teacher)) {
            train.add("--resume");
        }
        if (Checkpoint.exists(shallow.resolve("student"))) {
            method.add("--resume");
        }
        step(train);
        step(method);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("report: " + shallow.resolve(dev.shallowpi.report.HtmlReport.FILE) + " (open it in a browser)");
        stdout.flush();
    }

    /**
     * Fashion-MNIST comes from Debian's package: installed here when running as root, otherwise the one command
     * to run is printed.
     */
    private void ensureFashionMnist() {
        Path dir = DatasetKind.FASHION_MNIST.resolveDir(null);
        if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte.gz"))) {
            return;
        }
        String install = "apt-get install -y dataset-fashion-mnist";
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new UserError("Fashion-MNIST is not in " + dir + "; install it with: sudo " + install);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("$ apt-get update && " + install);
        out.flush();
        try {
            int code = new ProcessBuilder("bash", "-c", "apt-get update -q && DEBIAN_FRONTEND=noninteractive "
                    + install).inheritIO().start().waitFor();
            if (code != 0) {
                throw new UserError("installing Fashion-MNIST failed (exit code " + code + "); run: " + install);
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot run apt-get (" + e.getMessage() + "); run: " + install);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while installing Fashion-MNIST");
        }
    }

    private void step(List<String> args) {
        StepFailed.run("./shallowpi", args, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
