package dev.shallowpi.method;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.report.PiReport;
import dev.shallowpi.results.ModelFigures;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.RunReport;
import dev.shallowpi.results.SchemaVersion;
import dev.shallowpi.results.Verification;

import java.util.ArrayList;
import java.util.List;

/** A finished run's {@link RunReport}: teacher against deployed model, from what each stage produced. */
final class RunReports {
    private RunReports() {
    }

    /**
     * What the stages after the student's making produced.
     *
     * @param training the student's training state ({@code TrainingRun}: its config, loss and history)
     */
    record Outcome(Plan plan, String sensitivityMethod, ObjectNode training, DeployCheck.Deployed deployed,
                   Verification verification, JsonNode export) {
    }

    static RunReport of(MethodInputs in, double teacherAccuracy, Outcome o, ShallowSettings s,
                        RunReport.SweepUnit unit) {
        ModelCost beforeCost = CostAnalysis.of(in.teacher());
        ModelCost afterCost = CostAnalysis.of(o.deployed().deployed().graph());
        PiEstimate beforePi = PiEstimate.of(s.profile(), beforeCost);
        PiEstimate afterPi = PiEstimate.of(s.profile(), afterCost);
        Verification v = o.verification();
        double reluReduction = (double) beforeCost.relus() / Math.max(1, afterCost.relus());
        double macReduction = (double) beforeCost.macs() / afterCost.macs();
        List<String> rewrites = new ArrayList<>();
        o.deployed().deployed().rewrites().forEach(rw -> rewrites.add(rw.toString()));
        List<String> skipped = new ArrayList<>();
        o.deployed().deployed().skips().forEach(sk -> skipped.add(sk.toString()));
        return new RunReport(SchemaVersion.CURRENT, ModelCost.CONVENTION, s.method().cliName(),
                side(beforeCost, teacherAccuracy, beforePi), side(afterCost, v.deployedTestAccuracy(), afterPi),
                new RunReport.Pi(PiReport.definitions(s.profile()),
                        beforePi.online().seconds() / afterPi.online().seconds(),
                        beforePi.offline().seconds() / afterPi.offline().seconds()),
                o.plan().selected(), new RunReport.Equivalence(v.maxAbsLogitDiff(), v.predictionMismatches() == 0,
                v.images()), reluReduction, macReduction,
                new RunReport.Measured(figures(beforeCost), teacherAccuracy),
                new RunReport.Measured(figures(CostAnalysis.of(o.deployed().student())), v.studentTestAccuracy()),
                new RunReport.Deployed(figures(afterCost), v.deployedTestAccuracy(), reluReduction, macReduction,
                        100 * (teacherAccuracy - v.deployedTestAccuracy())),
                o.plan(), o.sensitivityMethod(), new RunReport.FineTuning(o.training().get("config"),
                o.training().path("loss").asText(), o.training().get("history"), s.recalibrate(),
                o.training().get(TrainingRun.RETRIED)), v, rewrites,
                skipped, o.export(), unit, inputs(in));
    }

    /**
     * What the CLI said about the teacher and the command, as the report's record. Converted rather than copied key
     * by key: a key the CLI adds without a place in the record fails the run (and so the shallow tests) instead of
     * vanishing from the file.
     */
    private static RunReport.Inputs inputs(MethodInputs in) {
        return Checkpoint.json().convertValue(in.info(), RunReport.Inputs.class);
    }

    /**
     * The {@code before}/{@code after} objects: accuracy, the counts a PI paper reports, the PI estimate and the
     * per-layer costs (what {@code shallowpi report} tabulates).
     */
    private static RunReport.Side side(ModelCost c, double accuracy, PiEstimate pi) {
        return new RunReport.Side(accuracy, figures(c), PiReport.figures(pi), CostReport.rows(c));
    }

    static ModelFigures figures(ModelCost c) {
        return new ModelFigures(c.relus(), c.macs(), c.params(), c.reluDepth(), c.linearDepth(), c.convs(),
                c.reluLayers(), c.nonlinearities(), c.nonlinearDepth());
    }
}
