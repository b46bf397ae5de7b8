package dev.shallowpi.report;

import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.SweepReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code report.html}: a self-contained page (inline SVG charts, inline style, no script, nothing fetched) made
 * from the JSON a {@code shallow} run ({@code report.json}), a {@code sweep} ({@code sweep.json}) or a {@code compare}
 * ({@code compare.json}) wrote. Every
 * number in its tables is one of those files' values, and names it.
 */
public final class HtmlReport {
    public static final String FILE = "report.html";

    private HtmlReport() {
    }

    /** Writes {@code dir/report.html} (atomically) and returns its path. */
    public static Path write(Path dir, List<Path> compare) throws IOException {
        return write(dir, compare, dir.resolve(FILE));
    }

    /**
     * @param compare other runs or sweeps drawn on the trade-off charts as series of their own (their estimates
     *                must use the same PI profile)
     */
    public static Path write(Path dir, List<Path> compare, Path target) throws IOException {
        String profile = profileOf(dir);
        List<Tradeoffs.Series> others = new ArrayList<>();
        for (Path other : compare) {
            String p = profileOf(other);
            if (!p.equals(profile)) {
                throw new ReportException(other + ": its PI estimates use " + p + ", those of " + dir + " " + profile
                        + "; a latency chart cannot mix them");
            }
            SweepReportPage.Kind kind = SweepReportPage.Kind.of(other);
            others.add(kind != null ? SweepReportPage.series(other, kind)
                    : ShallowReportPage.series(other, ReportJson.read(other.resolve("report.json"), RunReport.class)));
        }
        SweepReportPage.Kind kind = SweepReportPage.Kind.of(dir);
        String page = kind != null ? SweepReportPage.render(dir, others, kind)
                : ShallowReportPage.render(dir, others);
        AtomicFiles.writeString(target, page);
        return target;
    }

    private static String profileOf(Path dir) {
        SweepReportPage.Kind kind = SweepReportPage.Kind.of(dir);
        Path file = dir.resolve(kind != null ? kind.file : "report.json");
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + ": no such folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new ReportException(dir + ": holds neither report.json (of shallow) nor sweep.json (of sweep) nor "
                    + "compare.json (of compare)");
        }
        return kind != null ? ReportJson.read(file, SweepReport.class).pi().profile()
                : ReportJson.read(file, RunReport.class).pi().definitions().profile();
    }
}
