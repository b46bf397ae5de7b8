package dev.shallowpi.cli;

import dev.shallowpi.cost.Units;
import dev.shallowpi.method.ShallowSettings;
import dev.shallowpi.method.Sweep;
import dev.shallowpi.method.SweepBudget;
import dev.shallowpi.method.SweepKind;
import dev.shallowpi.method.SweepPart;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.results.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code shallowpi sweep}: the method over several budgets of one kind, one teacher and one sensitivity pass. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run the method for several budgets at once (one teacher, one sensitivity measurement), "
                + "skipping budgets finished by an earlier run; write sweep.csv, sweep.json and report.html.")
public final class SweepCommand implements Runnable {
    @Mixin
    MethodJob job;

    @Option(names = "--relu-reduction", split = ",", paramLabel = "R", description = "ReLU reductions to sweep.")
    List<Double> reluReductions;

    @Option(names = "--relu-budget", split = ",", paramLabel = "N", description = "ReLU budgets to sweep.")
    List<Long> reluBudgets;

    @Option(names = "--mac-reduction", split = ",", paramLabel = "R", description = "MAC reductions to sweep.")
    List<Double> macReductions;

    @Option(names = "--latency-reduction", split = ",", paramLabel = "R",
            description = "Estimated online PI latency reductions to sweep (needs --pi-profile).")
    List<Double> latencyReductions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the sweep: one "
            + "subfolder per budget, sweep.csv, sweep.json, sensitivity.json, report.html.")
    Path out;

    @Mixin
    SweepPartOptions parts;

    @Mixin
    RunPrinting printing;

    @Override
    public void run() {
        if (parts.onSpark()) {
            SparkUnits.run(Commands.given(printing.spec), budgets().size(), printing.out(),
                    printing.spec.commandLine().getErr());
            return;
        }
        SweepPart part = parts.part();
        RunFolder.inspect(printing.spec, RunKind.SWEEP, out, false);
        List<SweepBudget> budgets = budgets();
        ShallowSettings template = job.method.settings(budgets.get(0).budget());
        RunFolder.mark(printing.spec, RunKind.SWEEP, out, part);
        TeacherInputs in = job.read(printing.given());
        Sweep.Output output = new Sweep.Output(out, ShallowCommand.ONNX_EXPORT, part);
        UnitRuns.run(printing, output, SweepKind.BUDGETS, "rerun the sweep", listener -> Sweep.run(
                in.methodInputs(), template, budgets, output, listener));
    }

    /** The budgets in the order given; exactly one budget flag, each value once. */
    private List<SweepBudget> budgets() {
        Map<String, List<? extends Number>> given = new LinkedHashMap<>();
        if (reluReductions != null) {
            given.put("--relu-reduction", reluReductions);
        }
        if (reluBudgets != null) {
            given.put("--relu-budget", reluBudgets);
        }
        if (macReductions != null) {
            given.put("--mac-reduction", macReductions);
        }
        if (latencyReductions != null) {
            given.put("--latency-reduction", latencyReductions);
        }
        if (given.size() != 1) {
            throw new UserError("sweep needs exactly one of --relu-reduction, --relu-budget, --mac-reduction, "
                    + "--latency-reduction, with a comma-separated list of values" + (given.isEmpty() ? ""
                    : "; got " + String.join(" and ", given.keySet())));
        }
        String flag = given.keySet().iterator().next();
        List<SweepBudget> out = new ArrayList<>();
        for (Number v : given.get(flag)) {
            SweepBudget b;
            try {
                b = SweepBudget.of(flag, v, budget(flag, v));
            } catch (IllegalArgumentException e) {
                throw UserError.of(e);
            }
            if (out.stream().anyMatch(o -> o.name().equals(b.name()))) {
                throw new UserError(flag + ": " + b.value() + " is given twice");
            }
            out.add(b);
        }
        return out;
    }

    private Budget budget(String flag, Number v) {
        return switch (flag) {
            case "--relu-reduction" -> Budget.reluReduction(v.doubleValue());
            case "--relu-budget" -> Budget.reluBudget(v.longValue());
            case "--mac-reduction" -> Budget.macReduction(v.doubleValue());
            default -> new Budget(null, null, null, v.doubleValue(), job.method.namedProfile(), null);
        };
    }

    /** The summary's rows as a table: the teacher, then each budget (or method) with its figures or its status. */
    static String table(SweepReport sweep, SweepKind kind) {
        StringBuilder sb = new StringBuilder();
        String profile = sweep.pi().profile();
        sb.append(String.format(Locale.ROOT, "%-22s %9s %10s %12s %6s %14s %9s%n", kind.noun(), "accuracy", "ReLUs",
                "MACs", "depth", "PI online", "latency /"));
        SweepReport.Teacher t = sweep.teacher();
        sb.append(String.format(Locale.ROOT, "%-22s %8.2f%% %,10d %,12d %6d %14s %9s%n", "teacher",
                100 * t.accuracy(), t.figures().relus(), t.figures().macs(), t.figures().reluDepth(),
                Units.of(t.pi().onlineSeconds(), "s"), ""));
        for (SweepReport.Row b : kind == SweepKind.METHODS ? sweep.methods() : sweep.budgets()) {
            SweepReport.Finished f = b.finished();
            if (f == null) {
                sb.append(String.format(Locale.ROOT, "%-22s %s%n", b.name(), b.status()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-22s %8.2f%% %,10d %,12d %6d %14s %8.2fx%n", b.name(),
                    100 * f.accuracy(), f.relus(), f.macs(), f.reluDepth(),
                    Units.of(f.pi().onlineSeconds(), "s"), f.onlineLatencyReduction()));
        }
        sb.append("PI estimates under ").append(profile).append("; counting: ").append(sweep.convention())
                .append(System.lineSeparator());
        return sb.toString();
    }
}
