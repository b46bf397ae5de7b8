package dev.shallowpi.cli;

import dev.shallowpi.method.ReductionMethod;
import dev.shallowpi.method.ShallowSettings;
import dev.shallowpi.method.Sweep;
import dev.shallowpi.method.SweepKind;
import dev.shallowpi.method.SweepPart;
import dev.shallowpi.method.selection.Budget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code shallowpi compare}: the methods side by side at one ReLU budget, one teacher, one sensitivity pass. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run several methods (shallow, cull, snl, joint) at the same ReLU budget on one teacher, "
                + "skipping methods finished by an earlier run; write compare.csv, compare.json and report.html.")
public final class CompareCommand implements Runnable {
    @Mixin
    MethodJob job;

    @Option(names = "--relu-budget", paramLabel = "N", description = "Student ReLUs, at most (every method).")
    Long reluBudget;

    @Option(names = "--relu-reduction", paramLabel = "R", description = "Teacher ReLUs / student ReLUs, at least "
            + "(every method).")
    Double reluReduction;

    @Option(names = "--methods", split = ",", defaultValue = "shallow,cull,snl,joint", paramLabel = "METHOD",
            description = "The methods to run, in this order (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the comparison: one "
            + "subfolder per method, compare.csv, compare.json, sensitivity.json, report.html.")
    Path out;

    @Mixin
    SweepPartOptions parts;

    @Mixin
    RunPrinting printing;

    @Override
    public void run() {
        if (printing.given().hasMatchedOption("--method")) {
            throw new UserError("--method: compare runs each method named by --methods");
        }
        if (reluBudget == null && reluReduction == null) {
            throw new UserError("compare needs a ReLU budget every method works to: --relu-budget N or "
                    + "--relu-reduction R");
        }
        if (parts.onSpark()) {
            SparkUnits.run(Commands.given(printing.spec), methods.size(), printing.out(),
                    printing.spec.commandLine().getErr());
            return;
        }
        SweepPart part = parts.part();
        RunFolder.inspect(printing.spec, RunKind.COMPARE, out, false);
        ShallowSettings template;
        List<ReductionMethod> chosen = new ArrayList<>();
        try {
            template = job.method.settings(new Budget(reluReduction, reluBudget, null, null));
            for (String name : methods) {
                ReductionMethod m = parse(name);
                if (chosen.contains(m)) {
                    throw new UserError("--methods: " + m.cliName() + " is given twice");
                }
                template.withMethod(m); // refuses, naming the flag, a setting the method cannot use
                chosen.add(m);
            }
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
        RunFolder.mark(printing.spec, RunKind.COMPARE, out, part);
        TeacherInputs in = job.read(printing.given());
        ShallowSettings settings = template;
        Sweep.Output output = new Sweep.Output(out, ShallowCommand.ONNX_EXPORT, part);
        UnitRuns.run(printing, output, SweepKind.METHODS, "rerun compare", listener -> Sweep.compare(
                in.methodInputs(), settings, chosen, output, listener));
    }

    private static ReductionMethod parse(String name) {
        try {
            return ReductionMethod.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--methods: unknown method '" + name.trim() + "'; known: shallow, cull, snl, joint");
        }
    }
}
