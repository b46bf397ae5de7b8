package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.data.ImageSet;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Logits;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.report.PiReport;

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
    public interface Listener extends ShallowPipeline.Listener {
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
     * @param template the settings; each budget replaces its budget
     * @param info     what each run's report says about the teacher and the command (the sweep's)
     */
    public static ObjectNode run(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration,
                                 ShallowSettings template, List<SweepBudget> budgets, Path out, DeployedExport export,
                                 Listener listener)
            throws IOException {
        return run(SweepKind.BUDGETS, teacher, info, data, calibration, template, budgets, out, export, listener);
    }

    /**
     * {@code shallowpi compare}: every method at the template's budget, each in {@code out/METHOD/}, the methods
     * that rank layers sharing one sensitivity measurement; returns the final {@code compare.json}.
     */
    public static ObjectNode compare(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration,
                                     ShallowSettings template, List<ReductionMethod> methods, Path out,
                                     DeployedExport export, Listener listener) throws IOException {
        List<SweepBudget> runs = new ArrayList<>();
        for (ReductionMethod m : methods) {
            if (runs.stream().anyMatch(r -> r.method() == m)) {
                throw new IllegalArgumentException("--methods: " + m.cliName() + " is given twice");
            }
            runs.add(SweepBudget.of(m, template.budget()));
        }
        return run(SweepKind.METHODS, teacher, info, data, calibration, template, runs, out, export, listener);
    }

    private static ObjectNode run(SweepKind kind, Graph teacher, ObjectNode info, TrainingRun.Data data,
                                  ImageSet calibration, ShallowSettings template, List<SweepBudget> budgets, Path out,
                                  DeployedExport export, Listener listener) throws IOException {
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.what() + " needs at least one " + kind.noun());
        }
        List<ShallowSettings> each = new ArrayList<>();
        for (SweepBudget b : budgets) {
            each.add(b.settings(template)); // a method that cannot work to the budget is refused here, naming it
        }
        Files.createDirectories(out);
        ObjectNode settings = asStored(kind == SweepKind.METHODS ? compareSettings(teacher, info, data, calibration,
                template) : settings(teacher, info, data, calibration, template));
        Path jsonFile = out.resolve(kind.jsonFile());
        if (Files.isRegularFile(jsonFile)) {
            requireSameSettings(Checkpoint.json().readTree(jsonFile.toFile()).get("settings"), settings, out, kind);
        }
        List<SweepBudget> todo = new ArrayList<>();
        boolean ranks = false;
        for (int i = 0; i < budgets.size(); i++) {
            SweepBudget b = budgets.get(i);
            if (!Files.isRegularFile(out.resolve(b.name()).resolve("report.json"))) {
                // fail fast: an impossible budget is refused before anything is measured or trained
                ShallowPipeline.checkReachable(teacher, each.get(i));
                todo.add(b);
                ranks |= each.get(i).method().usesSensitivity();
            }
        }
        ObjectNode head = head(teacher, info, data, template, settings);
        writeSummary(kind, head, out, budgets);
        ObjectNode sensitivity = ranks ? sensitivity(teacher, data, calibration, template, out, listener) : null;
        for (int i = 0; i < budgets.size(); i++) {
            SweepBudget b = budgets.get(i);
            Path dir = out.resolve(b.name());
            if (!todo.contains(b)) {
                listener.budgetSkipped(b, dir.resolve("report.json"));
                continue;
            }
            listener.budgetStarted(b, i + 1, budgets.size());
            ObjectNode runInfo = info.deepCopy();
            runInfo.putObject("sweep").put("dir", out.toString()).put(kind.noun(), b.flag() + " " + b.value());
            boolean resume = Checkpoint.exists(dir.resolve("student"));
            ShallowPipeline.run(teacher, runInfo, data, calibration, each.get(i), dir, resume,
                    resume ? null : sensitivity, export, listener);
            writeSummary(kind, head, out, budgets);
            listener.budgetFinished(b, dir);
        }
        return writeSummary(kind, head, out, budgets);
    }

    /** The stored sensitivity when it answers the same question, else a fresh measurement, written. */
    private static ObjectNode sensitivity(Graph teacher, TrainingRun.Data data, ImageSet calibration,
                                          ShallowSettings s, Path out, Listener listener) throws IOException {
        Path file = out.resolve("sensitivity.json");
        ObjectNode inputs = asStored(SensitivityInputs.of(teacher, calibration, s));
        if (Files.isRegularFile(file)) {
            JsonNode stored = Checkpoint.json().readTree(file.toFile());
            if (!inputs.equals(stored.get("inputs"))) {
                throw new SweepConflict(file + " was measured on another teacher, calibration split or "
                        + "settings; choose another --out");
            }
            listener.message("reusing " + file + " (same teacher, calibration images and settings)");
            return (ObjectNode) stored;
        }
        ObjectNode measured = ShallowPipeline.measureSensitivity(teacher, data, calibration, s, listener);
        AtomicFiles.writeString(file, Checkpoint.json().writeValueAsString(measured));
        return measured;
    }

    /**
     * What makes the sweep's budgets comparable: the teacher and calibration images (by digest), the data sizes,
     * the kernel, the sensitivity method and the fine-tuning settings, the PI profile.
     */
    static ObjectNode settings(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration,
                               ShallowSettings s) {
        ObjectNode o = Checkpoint.json().createObjectNode();
        o.setAll(SensitivityInputs.of(teacher, calibration, s));
        o.set("dataset", info.get("dataset"));
        o.put("trainImages", data.train().size());
        o.put("testImages", data.test().size());
        o.set("fineTuning", TrainingRun.configJson(s.fineTune()));
        o.put("kdTemperature", s.kdTemperature());
        o.put("kdWeight", s.kdWeight());
        o.put("bnReestimation", s.recalibrate());
        o.put("piProfile", s.profile().name());
        o.set("reduction", reductionJson(s.reduction()));
        return o;
    }

    /** The method and the settings only it reads, as runs that must be comparable record them. */
    static ObjectNode reductionJson(ReductionSettings r) {
        ObjectNode o = Checkpoint.json().createObjectNode();
        o.put("method", r.method().cliName());
        if (r.method() == ReductionMethod.SNL || r.method() == ReductionMethod.JOINT) {
            o.setAll(channelJson(r));
        } else if (r.blockReduction() != null) {
            o.put("blockReduction", r.blockReduction());
        }
        return o;
    }

    /** The settings of the channel stage (and joint's block target): what snl and joint read besides the rest. */
    private static ObjectNode channelJson(ReductionSettings r) {
        ObjectNode o = Checkpoint.json().createObjectNode();
        o.put("maskEpochs", r.channels().epochs());
        o.put("maskLr", r.channels().lr());
        o.put("maskLambda", r.channels().lambda());
        o.put("maskSettleEpochs", r.channels().settleEpochs());
        if (r.blockReduction() != null) {
            o.put("blockReduction", r.blockReduction());
        }
        return o;
    }

    /**
     * What makes a comparison's methods comparable: a sweep's settings, with the one budget they share in place of
     * the method, and the settings of every method's own stages.
     */
    static ObjectNode compareSettings(Graph teacher, ObjectNode info, TrainingRun.Data data, ImageSet calibration,
                                      ShallowSettings s) {
        ObjectNode o = settings(teacher, info, data, calibration, s);
        o.put("budget", s.budget().describeTargets());
        o.set("reduction", channelJson(s.reduction()));
        return o;
    }

    /**
     * The node as it reads back from its file: JSON does not keep Java's number types (a long 0 reads back as an
     * int), and nodes of different types never compare equal.
     */
    static ObjectNode asStored(ObjectNode node) throws IOException {
        return (ObjectNode) Checkpoint.json().readTree(Checkpoint.json().writeValueAsString(node));
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
        throw new SweepConflict("--out " + out + " holds a " + kind.what() + " with other settings ("
                + String.join(", ", differ) + "); rerun it with its own settings, or choose another --out");
    }

    private static ObjectNode head(Graph teacher, ObjectNode info, TrainingRun.Data data, ShallowSettings s,
                                   ObjectNode settings) {
        ObjectNode head = Checkpoint.json().createObjectNode();
        head.put("command", info.path("command").asText());
        head.put("convention", ModelCost.CONVENTION);
        head.set("model", info.get("model"));
        head.set("dataset", info.get("dataset"));
        head.put("teacherCheckpoint", info.path("teacherCheckpoint").asText());
        ModelCost cost = CostAnalysis.of(teacher);
        ObjectNode t = head.putObject("teacher");
        double accuracy;
        try (EngineModel m = EngineModel.frozen(teacher)) {
            accuracy = Logits.accuracy(Logits.of(m, data.test(), data.normalization(), 256), data.test().labels());
        }
        t.put("accuracy", accuracy);
        t.put("relus", cost.relus());
        t.put("macs", cost.macs());
        t.put("params", cost.params());
        t.put("reluDepth", cost.reluDepth());
        t.put("linearDepth", cost.linearDepth());
        t.put("convs", cost.convs());
        t.set("pi", PiReport.figures(PiEstimate.of(s.profile(), cost)));
        head.set("pi", PiReport.profile(s.profile()));
        head.set("settings", settings);
        return head;
    }

    private static ObjectNode writeSummary(SweepKind kind, ObjectNode head, Path out, List<SweepBudget> budgets)
            throws IOException {
        ObjectNode sweep = SweepSummary.json(kind, head, out, budgets);
        AtomicFiles.writeString(out.resolve(kind.jsonFile()), Checkpoint.json().writeValueAsString(sweep));
        AtomicFiles.writeString(out.resolve(kind.csvFile()), SweepSummary.csv(kind, sweep));
        return sweep;
    }
}
