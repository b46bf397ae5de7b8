package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.method.DeployedExport;
import dev.shallowpi.method.ShallowPipeline;
import dev.shallowpi.method.ShallowSettings;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.report.CostReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code shallowpi shallow}: the seed's method on a trained teacher. */
@Command(name = "shallow", mixinStandardHelpOptions = true,
        description = "Remove the least sensitive ReLU layers of a trained teacher under a budget, merge the convs "
                + "around them, fine-tune with distillation, deploy exactly and verify.")
public final class ShallowCommand implements Runnable {
    /** The deployed model, for PI frameworks, in the run's folder. */
    static final String MODEL_FILE = "model.onnx";

    /** How shallow and sweep write the deployed model: ONNX, checked in ONNX Runtime before it is renamed in. */
    static final DeployedExport ONNX_EXPORT =
            (deployed, dir) -> OnnxModels.export(deployed, dir.resolve(MODEL_FILE), MODEL_FILE);

    @Mixin
    MethodJob job;

    @Option(names = "--relu-reduction", paramLabel = "R", description = "Teacher ReLUs / student ReLUs, at least.")
    Double reluReduction;

    @Option(names = "--relu-budget", paramLabel = "N", description = "Student ReLUs, at most.")
    Long reluBudget;

    @Option(names = "--mac-reduction", paramLabel = "R", description = "Teacher MACs / student MACs, at least.")
    Double macReduction;

    @Option(names = "--latency-reduction", paramLabel = "R", description = "Teacher / student estimated online PI "
            + "latency under --pi-profile (which it needs), at least.")
    Double latencyReduction;

    @Option(names = "--blocks", split = ",", paramLabel = "NAME",
            description = "Remove exactly these (ReLU node names or blocks such as layer1.0).")
    List<String> blocks;

    @Option(names = "--sensitivity-only", description = "Stop after writing sensitivity.json and plan.json.")
    boolean sensitivityOnly;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for every output.")
    Path out;

    @Option(names = "--resume", description = "Continue the fine-tuning of the run in --out.")
    boolean resume;

    @Mixin
    RunPrinting printing;

    @Override
    public void run() {
        PrintWriter stdout = printing.out();
        RunFolder.inspect(printing.spec, RunKind.SHALLOW, out, resume);
        ShallowSettings settings = job.method.settings(budget());
        if (sensitivityOnly && !settings.method().usesSensitivity()) {
            throw new UserError("--sensitivity-only: --method " + settings.method().cliName()
                    + " measures no layer sensitivity");
        }
        RunFolder.mark(printing.spec, RunKind.SHALLOW, out);
        TeacherInputs in = job.read(printing.given());
        Progress progress = new Progress(stdout, printing.quiet);
        String resumeHint = MethodRuns.keptCheckpoint(out.resolve("student"));
        if (sensitivityOnly) {
            MethodRuns.guarded(out, resumeHint, () -> {
                ShallowPipeline.plan(in.methodInputs(), settings, out, progress);
                return null;
            });
            if (!printing.quiet) {
                stdout.println("wrote " + out.resolve("sensitivity.json") + " and plan.json");
            }
            stdout.flush();
            return;
        }
        ShallowPipeline.RunOptions options = new ShallowPipeline.RunOptions(out, ONNX_EXPORT, progress);
        // a run stopped before its student's first checkpoint (after the sensitivity, say) starts again from the
        // beginning with its stored settings: the same run, as nothing of the fine-tuning was kept
        boolean fineTuning = resume && Files.isRegularFile(out.resolve("student").resolve("checkpoint.zip"));
        ShallowPipeline.Result result = MethodRuns.guarded(out, resumeHint, () -> fineTuning
                ? ShallowPipeline.resume(in.methodInputs(), settings, options)
                : ShallowPipeline.run(in.methodInputs(), settings, options));
        HtmlReports.write(out, List.of());
        if (printing.json) {
            stdout.println(CostReport.toJsonString(Checkpoint.json().valueToTree(result.report())));
        } else if (!printing.quiet) {
            stdout.print(ShallowSummary.text(result.report(), out));
        }
        stdout.flush();
    }

    private Budget budget() {
        try {
            return new Budget(reluReduction, reluBudget, macReduction, latencyReduction,
                    latencyReduction == null ? null : job.method.namedProfile(), blocks);
        } catch (IllegalArgumentException e) {
            throw UserError.of(e);
        }
    }
}
