package dev.shallowpi.cli;

import dev.shallowpi.report.HtmlReport;
import dev.shallowpi.report.ReportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code shallowpi report DIR}: the HTML report of a shallow run or a sweep, from the JSON files it wrote. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write DIR/report.html for the output folder of shallow or sweep: tables, sensitivity and "
                + "accuracy-cost charts as inline SVG, the command under each figure.")
public final class ReportCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "DIR", description = "Output folder of shallow or sweep.")
    Path dir;

    @Option(names = "--compare", paramLabel = "DIR", description = "Another shallow or sweep folder to draw on the "
            + "accuracy-cost charts (repeatable; same PI profile).")
    List<Path> compare = List.of();

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write (default: DIR/report.html).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Path written;
        var marker = RunFolder.read(dir.resolve(RunFolder.MARKER));
        if (marker != null && marker.kind().equals(RunKind.TRAIN.name())) {
            throw new UserError(dir + " holds a train run (" + RunFolder.MARKER + "); report draws shallow, sweep "
                    + "and compare folders");
        }
        if (file != null) {
            OutputPaths.requireWritableFile(file, "--out");
        }
        try {
            written = HtmlReport.write(dir, compare, file != null ? file : dir.resolve(HtmlReport.FILE));
        } catch (ReportException e) {
            throw UserError.of(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + (file != null ? file
                    : dir.resolve(HtmlReport.FILE)) + ": " + e, e);
        }
        spec.commandLine().getOut().println("wrote " + written);
        spec.commandLine().getOut().flush();
    }
}
