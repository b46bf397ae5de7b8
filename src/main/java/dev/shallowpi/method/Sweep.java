package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.report.PiReport;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.SchemaVersion;
import dev.shallowpi.results.Sensitivity;
import dev.shallowpi.results.SensitivityInputs;
import dev.shallowpi.results.SweepReport;
import dev.shallowpi.results.SweepSettings;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The method over many budgets at once: one teacher, one sensitivity measurement ({@code out/sensitivity.json},
 * reused on a rerun when it was measured on the same teacher, calibration images and settings), then one
 * {@link ShallowPipeline} run per budget in {@code out/NAME/}. A budget whose folder holds a finished
 * {@code report.json} is skipped; one whose fine-tuning was cut short continues from its checkpoint.
 * {@code sweep.json} and {@code sweep.csv} are rewritten (atomically) after every budget.
 *
 * <p>A rerun must use the settings the sweep started with (the budgets may differ): otherwise the finished
 * budgets and the new ones would not be comparable, and that is refused, naming the settings that differ.
 *
 * <p>A job array runs the same in parts ({@link SweepPart}): prepare (settings, summary, sensitivity), each unit on
 * its own (only its folder is written), collect (the summary files). The units are the budgets (or methods) in the
 * order given, so unit K is the same run wherever K runs.
 *
 * <p>{@link #compare} does the same over methods at one budget ({@link SweepKind#METHODS}: {@code compare.json},
 * {@code compare.csv}, {@code out/METHOD/}); the sensitivity is measured only when a method to run ranks layers by
 * it.
 */
public final class Sweep {
    public static final String JSON_FILE = SweepKind.BUDGETS.jsonFile();
    public static final String CSV_FILE = SweepKind.BUDGETS.csvFile();

    private Sweep() {
    }

    /** Progress of a sweep, on top of each run's. */
    public interface Listener extends MethodListener {
        default void budgetStarted(SweepBudget b, int index, int count) {
        }

        default void budgetSkipped(SweepBudget b, Path report) {
        }

        /** A budget's run finished and wrote {@code dir/report.json}. */
        default void budgetFinished(SweepBudget b, Path dir) {
        }
    }

    /**
     * Runs every budget not finished yet and returns the final {@code sweep.json}.
     *
     * @param in       the teacher and data; its {@code info} is what each run's report says about the teacher and
     *                 the command (the sweep's)
     * @param template the settings; each budget replaces its budget
     */
    public static SweepReport run(MethodInputs in, ShallowSettings template, List<SweepBudget> budgets, Output output,
                                 Listener listener) throws IOException {
        return run(new Units(SweepKind.BUDGETS, template, budgets), in, output, listener);
    }

    /**
     * Where a sweep or comparison writes, how a deployed student is exported, and which part of it this invocation
     * does ({@link SweepPart}).
     */
    public record Output(Path dir, DeployedExport export, SweepPart part) {
    }

    /** A job array's unit index that the plan does not have, or a step whose earlier step has not run. */
    public static final class PartException extends IllegalArgumentException {
        PartException(String message) {
            super(message);
        }
    }

    /** What a sweep or comparison runs: one unit per budget (or method), each the template with its own budget. */
    private record Units(SweepKind kind, ShallowSettings template, List<SweepBudget> budgets) {
    }

    /**
     * {@code shallowpi compare}: every method at the template's budget, each in {@code out/METHOD/}, the methods
     * that rank layers sharing one sensitivity measurement; returns the final {@code compare.json}.
     */
    public static SweepReport compare(MethodInputs in, ShallowSettings template, List<ReductionMethod> methods,
                                     Output output, Listener listener) throws IOException {
        List<SweepBudget> runs = new ArrayList<>();
        for (ReductionMethod m : methods) {
            if (runs.stream().anyMatch(r -> r.method() == m)) {
                throw new SettingException(Setting.METHODS, ": ", m.cliName(), " is given twice");
            }
            runs.add(SweepBudget.of(m, template.budget()));
        }
        return run(new Units(SweepKind.METHODS, template, runs), in, output, listener);
    }

    private static SweepReport run(Units units, MethodInputs in, Output output, Listener listener)
            throws IOException {
        Path out = output.dir();
        SweepPart part = output.part();
        SweepKind kind = units.kind();
        ShallowSettings template = units.template();
        List<SweepBudget> budgets = units.budgets();
        Graph teacher = in.teacher();
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.what() + " needs at least one " + kind.noun());
        }
        List<ShallowSettings> each = new ArrayList<>();
        for (SweepBudget b : budgets) {
            each.add(b.settings(template)); // a method that cannot work to the budget is refused here, naming it
        }
        if (part.step() == SweepPart.Step.UNIT && part.unit() >= budgets.size()) {
            throw new PartException("unit " + part.unit() + ": the " + kind.what() + " has " + budgets.size() + " "
                    + kind.noun() + "s, units 0 to " + (budgets.size() - 1));
        }
        Files.createDirectories(out);
        SweepSettings settings = kind == SweepKind.METHODS ? compareSettings(in, template) : settings(in, template);
        Path jsonFile = out.resolve(kind.jsonFile());
        if (!part.writesSummary() && !Files.isRegularFile(jsonFile)) {
            throw new PartException(out + " holds no " + kind.jsonFile() + ": prepare the " + kind.what()
                    + " once before its units");
        }
        if (Files.isRegularFile(jsonFile)) {
            JsonNode stored = Checkpoint.json().readTree(jsonFile.toFile());
            JsonNode version = stored.path("schemaVersion");
            RunFiles.checkVersion(version.isIntegralNumber() ? version.asInt() : null, jsonFile);
            requireSameSettings(stored.get("settings"), asStored(settings), out, kind);
        }
        List<SweepBudget> todo = new ArrayList<>();
        boolean ranks = false;
        for (int i = 0; i < budgets.size(); i++) {
            SweepBudget b = budgets.get(i);
            if (part.includes(i) && part.step() != SweepPart.Step.COLLECT
                    && !Files.isRegularFile(out.resolve(b.name()).resolve("report.json"))) {
                // fail fast: an impossible budget is refused before anything is measured or trained
                Planning.checkReachable(teacher, each.get(i));
                todo.add(b);
                ranks |= each.get(i).method().usesSensitivity();
            }
        }
        SweepReport head = head(in, template, settings);
        if (part.writesSummary()) {
            writeSummary(kind, head, out, budgets);
        }
        Sensitivity sensitivity = ranks ? sensitivity(in, template, output, listener) : null;
        for (int i = 0; i < budgets.size() && part.runsUnits(); i++) {
            SweepBudget b = budgets.get(i);
            Path dir = out.resolve(b.name());
            if (!part.includes(i)) {
                continue;
            }
            if (!todo.contains(b)) {
                listener.budgetSkipped(b, dir.resolve("report.json"));
                continue;
            }
            listener.budgetStarted(b, i + 1, budgets.size());
            String unit = b.flag() + " " + b.value();
            ShallowPipeline.RunOptions options = new ShallowPipeline.RunOptions(dir, output.export(), listener,
                    new RunReport.SweepUnit(out.toString(), kind == SweepKind.METHODS ? null : unit,
                            kind == SweepKind.METHODS ? unit : null));
            if (Checkpoint.exists(dir.resolve("student"))) {
                ShallowPipeline.resume(in, each.get(i), options);
            } else {
                ShallowPipeline.run(in, each.get(i), options, sensitivity);
            }
            if (part.writesSummary()) {
                writeSummary(kind, head, out, budgets);
            }
            listener.budgetFinished(b, dir);
        }
        return part.writesSummary() ? writeSummary(kind, head, out, budgets) : SweepSummary.of(kind, head, out,
                budgets);
    }

    /** The stored sensitivity when it answers the same question, else a fresh measurement, written. */
    private static Sensitivity sensitivity(MethodInputs in, ShallowSettings s, Output output, Listener listener)
            throws IOException {
        Path file = output.dir().resolve(RunFiles.SENSITIVITY);
        SensitivityInputs inputs = SensitivityDigests.of(in.teacher(), in.calibration(), s);
        if (Files.isRegularFile(file)) {
            Sensitivity stored = RunFiles.readSensitivity(file);
            if (!inputs.equals(stored.inputs())) {
                throw new SweepConflict(file, " was measured on another teacher, calibration split or settings; "
                        + "choose another ", Setting.OUT);
            }
            listener.message("reusing " + file + " (same teacher, calibration images and settings)");
            return stored;
        }
        if (output.part().step() == SweepPart.Step.UNIT) {
            // units of a job array run at once: each measuring (and writing) the same file would waste their time
            throw new PartException(file + " is missing: prepare the run once before its units");
        }
        Sensitivity measured = Sensitivities.measure(in, s, listener);
        RunFiles.write(file, measured);
        return measured;
    }

    /**
     * What makes the sweep's budgets comparable: the teacher and calibration images (by digest), the data sizes,
     * the kernel, the sensitivity method and the fine-tuning settings, the PI profile.
     */
    static SweepSettings settings(MethodInputs in, ShallowSettings s) {
        return settings(in, s, null, reduction(s.reduction(), true));
    }

    /**
     * What makes a comparison's methods comparable: a sweep's settings, with the one budget they share in place of
     * the method, and the settings of every method's own stages.
     */
    static SweepSettings compareSettings(MethodInputs in, ShallowSettings s) {
        return settings(in, s, s.budget().describeTargets(), reduction(s.reduction(), false));
    }

    private static SweepSettings settings(MethodInputs in, ShallowSettings s, String budget,
                                          SweepSettings.Reduction reduction) {
        SensitivityInputs i = SensitivityDigests.of(in.teacher(), in.calibration(), s);
        return new SweepSettings(i.method(), i.kernel(), i.teacherSha256(), i.calibrationSha256(),
                i.calibrationImages(), i.batchSize(), i.gateEpochs(), i.gateLr(), i.gateLambda(), i.seed(),
                in.info().get("dataset"), in.data().train().size(), in.data().test().size(),
                TrainingRun.configJson(s.fineTune()), s.kdTemperature(), s.kdWeight(), s.recalibrate(),
                s.profile().name(), budget, reduction);
    }

    /**
     * The method and the settings only it reads, as runs that must be comparable record them: the channel stage's
     * for snl and joint, joint's block target when given; a comparison ({@code withMethod} false) records the
     * channel stage's for every method.
     */
    static SweepSettings.Reduction reduction(ReductionSettings r, boolean withMethod) {
        boolean channels = !withMethod || r.method().reduction().masksChannels();
        ChannelTraining.Settings c = r.channels();
        return new SweepSettings.Reduction(withMethod ? r.method().cliName() : null, channels ? c.epochs() : null,
                channels ? c.lr() : null, channels ? c.lambda() : null, channels ? c.settleEpochs() : null,
                r.blockReduction());
    }

    /**
     * The node as it reads back from its file: JSON does not keep Java's number types (a long 0 reads back as an
     * int), and nodes of different types never compare equal.
     */
    static ObjectNode asStored(Object value) throws IOException {
        return (ObjectNode) Checkpoint.json().readTree(Checkpoint.json().writeValueAsString(value));
    }

    private static void requireSameSettings(JsonNode stored, ObjectNode now, Path out, SweepKind kind) {
        if (stored == null || stored.equals(now)) {
            return;
        }
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : now.properties()) {
            if (!e.getValue().equals(stored.get(e.getKey()))) {
                differ.add(e.getKey() + " " + stored.path(e.getKey()) + " -> " + e.getValue());
            }
        }
        throw new SweepConflict(Setting.OUT, " ", out, " holds a ", kind.what(), " with other settings (",
                String.join(", ", differ), "); rerun it with its own settings, or choose another ", Setting.OUT);
    }

    /** The sweep's file without its rows: the command, the teacher's figures, the profile and the settings. */
    private static SweepReport head(MethodInputs in, ShallowSettings s, SweepSettings settings) {
        ModelCost cost = CostAnalysis.of(in.teacher());
        double accuracy;
        try (EngineModel m = EngineModel.frozen(in.distillFrom())) {
            accuracy = Students.testAccuracy(m, in.data());
        }
        ObjectNode info = in.info();
        return new SweepReport(SchemaVersion.CURRENT, info.path("command").asText(), ModelCost.CONVENTION,
                info.get("model"), info.get("dataset"), info.path("teacherCheckpoint").asText(),
                new SweepReport.Teacher(accuracy, RunReports.figures(cost),
                        PiReport.figures(PiEstimate.of(s.profile(), cost))), PiReport.definitions(s.profile()),
                settings, null, null);
    }

    private static SweepReport writeSummary(SweepKind kind, SweepReport head, Path out, List<SweepBudget> budgets)
            throws IOException {
        SweepReport sweep = SweepSummary.of(kind, head, out, budgets);
        RunFiles.write(out.resolve(kind.jsonFile()), sweep);
        AtomicFiles.writeString(out.resolve(kind.csvFile()), SweepSummary.csv(kind,
                Checkpoint.json().valueToTree(sweep)));
        return sweep;
    }
}
