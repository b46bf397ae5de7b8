package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.method.MethodListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What a training run shows: a progress bar per epoch (loss, accuracy, images/s, ETA) on stderr when it is a
 * terminal, one summary line per epoch and the method's messages on stdout; nothing at all with {@code --quiet}.
 */
final class Progress implements MethodListener {
    private final PrintWriter out;
    private final boolean quiet;
    private final boolean bar;
    private ProgressBar current;
    private int epochs;

    Progress(PrintWriter out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
        this.bar = !quiet && System.console() != null;
    }

    @Override
    public StepListener epochStarted(int epoch, int epochs, int steps) {
        this.epochs = epochs;
        if (!bar) {
            return StepListener.NONE;
        }
        current = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        ProgressBar pb = current;
        return (step, total, loss, accuracy, imagesPerSecond) -> {
            pb.stepTo(step);
            pb.setExtraMessage(String.format(Locale.ROOT, "loss %.3f acc %.1f%% %.0f img/s", loss, 100 * accuracy,
                    imagesPerSecond));
        };
    }

    @Override
    public void message(String text) {
        if (!quiet) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void epochDone(ObjectNode r) {
        if (current != null) {
            current.close();
            current = null;
        }
        if (!quiet) {
            out.printf(Locale.ROOT, "epoch %d/%d  lr %.4f  train loss %.4f acc %.2f%%  test loss %.4f acc %.2f%%  "
                            + "%.0f img/s  %.1f s%n", r.get("epoch").asInt(), epochs, r.get("lr").asDouble(),
                    r.get("trainLoss").asDouble(), 100 * r.get("trainAccuracy").asDouble(),
                    r.get("testLoss").asDouble(), 100 * r.get("testAccuracy").asDouble(),
                    r.get("imagesPerSecond").asDouble(), r.get("seconds").asDouble());
            out.flush();
        }
    }
}
