package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.engine.StepListener;
import dev.shallowpi.method.Sweep;
import dev.shallowpi.method.SweepBudget;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A sweep's progress: each run's (through {@link Progress}), a line per budget started or skipped, and each
 * finished budget's {@code report.html} written at once, so that it can be read while the sweep goes on.
 */
final class SweepProgress implements Sweep.Listener {
    private final Progress runs;
    private final PrintWriter out;
    private final String noun;

    /**
     * @param out  where the lines go, or null for none
     * @param noun what one run is: a budget (sweep) or a method (compare)
     */
    SweepProgress(Progress runs, PrintWriter out, String noun) {
        this.runs = runs;
        this.out = out;
        this.noun = noun;
    }

    @Override
    public void budgetStarted(SweepBudget b, int index, int count) {
        say("== " + noun + " " + index + "/" + count + ": " + b.flag() + " " + b.value() + " in " + b.name() + "/");
    }

    @Override
    public void budgetSkipped(SweepBudget b, Path report) {
        say("skipped " + b.name() + ": finished by an earlier run (" + report + ")");
    }

    @Override
    public void budgetFinished(SweepBudget b, Path dir) {
        HtmlReports.write(dir, List.of());
    }

    @Override
    public void message(String text) {
        runs.message(text);
    }

    @Override
    public StepListener gateSteps() {
        return runs.gateSteps();
    }

    @Override
    public StepListener epochStarted(int epoch, int epochs, int steps) {
        return runs.epochStarted(epoch, epochs, steps);
    }

    @Override
    public void epochDone(ObjectNode record) {
        runs.epochDone(record);
    }

    private void say(String line) {
        if (out != null) {
            out.println(line);
            out.flush();
        }
    }
}
