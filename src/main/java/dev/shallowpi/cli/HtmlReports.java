package dev.shallowpi.cli;

import dev.shallowpi.report.HtmlReport;
import dev.shallowpi.report.ReportException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** Writing {@code report.html} from a command: a folder that cannot be reported on is the user's input. */
final class HtmlReports {
    private HtmlReports() {
    }

    static Path write(Path dir, List<Path> compare) {
        try {
            return HtmlReport.write(dir, compare);
        } catch (ReportException e) {
            throw UserError.of(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(HtmlReport.FILE) + ": " + e.getMessage(), e);
        }
    }
}
