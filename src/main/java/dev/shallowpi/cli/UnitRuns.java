package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.method.Sweep;
import dev.shallowpi.method.SweepKind;
import dev.shallowpi.method.SweepPart;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.results.SweepReport;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code sweep} and {@code compare} share once their runs are known: progress lines per run, the method's
 * failures as one-line errors, {@code report.html}, and the summary (table or JSON) at the end.
 */
final class UnitRuns {
    private UnitRuns() {
    }

    /** The runs of one sweep or comparison, given where its progress goes. */
    interface Units {
        SweepReport run(Sweep.Listener listener) throws IOException;
    }

    /**
     * @param resumeHint what to run again after a diverged training, e.g. "rerun the sweep"
     */
    static void run(RunPrinting printing, Sweep.Output output, SweepKind kind, String resumeHint, Units units) {
        Path out = output.dir();
        SweepPart part = output.part();
        PrintWriter stdout = printing.out();
        Progress progress = new Progress(stdout, printing.quiet);
        Sweep.Listener listener = new SweepProgress(progress, printing.quiet ? null : stdout, kind.noun());
        SweepReport summary;
        try {
            summary = MethodRuns.guarded(out, resumeHint + " to continue from the last complete epoch's checkpoint",
                    () -> units.run(listener));
        } catch (Sweep.PartException e) {
            throw new UserError(e.getMessage() + (part.step() == SweepPart.Step.UNIT ? " (--unit)" : ""), e);
        }
        // a unit leaves report.html to --collect: the units beside it would write it at the same time
        Path html = part.writesSummary() ? HtmlReports.write(out, List.of()) : null;
        if (printing.json) {
            stdout.println(CostReport.toJsonString(Checkpoint.json().valueToTree(summary)));
        } else if (!printing.quiet) {
            stdout.print(SweepCommand.table(summary, kind));
            int count = (kind == SweepKind.METHODS ? summary.methods() : summary.budgets()).size();
            stdout.println(switch (part.step()) {
                case UNIT -> "wrote unit " + part.unit() + "'s folder; when every unit has run, --collect writes "
                        + kind.jsonFile() + ", " + kind.csvFile() + " and report.html";
                case PREPARE -> "prepared " + out + " (" + kind.jsonFile() + ", the shared sensitivity where a "
                        + kind.noun() + " uses it); next: --unit K for each K from 0 to " + (count - 1)
                        + ", then --collect";
                default -> "wrote " + out.resolve(kind.csvFile()) + ", " + kind.jsonFile() + ", "
                        + html.getFileName() + " and one folder per " + kind.noun();
            });
        }
        stdout.flush();
    }
}
