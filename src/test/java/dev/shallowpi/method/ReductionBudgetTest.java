package dev.shallowpi.method;

import dev.shallowpi.engine.Distill;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiProfiles;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.selection.KernelMode;
import dev.shallowpi.method.selection.Selection;
import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each method accepts as a budget, and how the block-level methods account for it before any training. */
class ReductionBudgetTest {
    private static final Graph RESNET18 = Zoo.build(new ModelSpec("resnet18", 0.25, 10, Shape.parse("1x28x28"), 1));

    private static ShallowSettings settings(Budget b, ReductionMethod m, Double blockReduction) {
        return new ShallowSettings(b, ShallowSettings.Learning.seed(KernelMode.SAME),
                new ShallowSettings.Ranking(SensitivityMethod.ABLATION, GateSensitivity.Settings.defaults(0), false),
                new ShallowSettings.Tuning(TrainConfig.defaults(1, 0), new Distill(4, 0.9), true),
                PiProfiles.load("delphi-wan"),
                new ReductionSettings(m, ChannelTraining.Settings.defaults(), blockReduction));
    }

    /** The message with each setting it names written as its enum constant: which setting, not which words. */
    private static String named(IllegalArgumentException e) {
        return ((SettingException) e).render(Setting::name);
    }

    @Test
    void eachMethodRefusesWhatItCannotWorkToNamingTheSetting() {
        Budget macs = Budget.reluReduction(2).andMacReduction(1.2);
        for (ReductionMethod m : List.of(ReductionMethod.CULL, ReductionMethod.SNL)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(macs, m, null));
            assertTrue(named(e).startsWith("MAC_REDUCTION: METHOD " + m.cliName()), named(e));
            assertTrue(e.getMessage().startsWith("MAC reduction: method " + m.cliName()), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Budget.macReduction(1.2), ReductionMethod.JOINT, null));
        assertTrue(named(e).contains("RELU_BUDGET"), named(e));
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(Budget.blocks(List.of("layer1.0")), ReductionMethod.SNL, null));
        assertTrue(named(e).startsWith("BLOCKS"), named(e));
        e = assertThrows(IllegalArgumentException.class,
                () -> settings(Budget.reluReduction(2), ReductionMethod.SNL, 1.5));
        assertTrue(named(e).startsWith("BLOCK_REDUCTION"), named(e));
        e = assertThrows(IllegalArgumentException.class, () -> ReductionMethod.parse("prune"));
        assertTrue(named(e).startsWith("METHOD"), named(e));
        // the seed's method and joint's block stage take every kind of target
        settings(macs, ReductionMethod.SHALLOW, null);
        settings(macs, ReductionMethod.JOINT, 1.5);
        settings(Budget.blocks(List.of("layer1.0")), ReductionMethod.CULL, null);
    }

    @Test
    void allowedReluCountIsTheStricterTarget() {
        assertEquals(54_272, Budget.reluReduction(2).allowedRelus(108_544));
        assertEquals(27_136, new Budget(2.0, 27_136L, null, null).allowedRelus(108_544));
        assertEquals(Long.MAX_VALUE, Budget.macReduction(1.5).allowedRelus(108_544));
    }

    /**
     * Culling removes whole ReLU layers and nothing else: ReLUs and ReLU depth drop by exactly what the selection
     * predicted, MACs and linear depth stay.
     */
    @Test
    void cullingRemovesTheSelectedLayersOnlyAndLandsUnderTheBudget() {
        List<Candidate> candidates = Candidates.find(RESNET18);
        Map<String, Double> uniform = new java.util.LinkedHashMap<>();
        candidates.forEach(c -> uniform.put(c.relu(), 1.0));
        Budget b = Budget.reluBudget(27_136);
        SelectionResult chosen = Selection.select(RESNET18, candidates, uniform, b, KernelMode.SAME);
        Graph student = Culling.student(RESNET18, chosen.names());
        ModelCost before = CostAnalysis.of(RESNET18);
        ModelCost after = CostAnalysis.of(student);
        assertTrue(after.relus() <= 27_136);
        assertEquals(chosen.student().relus(), after.relus());
        assertEquals(chosen.student().reluDepth(), after.reluDepth());
        assertEquals(before.macs(), after.macs());
        assertEquals(before.linearDepth(), after.linearDepth());
        assertEquals(before.reluLayers() - chosen.selected().size(), after.reluLayers());
        assertTrue(student.nodes().stream().noneMatch(n -> chosen.names().contains(n.name())));
    }

    /**
     * Joint's block stage goes as far as the merge candidates go (the 8 inner ReLUs of ResNet-18, 48,000 at
     * 1x28x28 x0.25), never beyond the budget; {@code --block-reduction} sets it instead.
     */
    @Test
    void jointsBlockStageStopsWhereMergesEndOrAtTheBudget() {
        long teacher = CostAnalysis.of(RESNET18).relus();
        assertEquals(108_544, teacher);
        long merges = 0;
        for (Candidate c : Candidates.find(RESNET18)) {
            merges += c.isMerge() ? c.relus() : 0;
        }
        assertEquals(48_000, merges);
        assertEquals(Long.valueOf(60_544), JointReduction.blockBudget(RESNET18,
                settings(Budget.reluBudget(27_136), ReductionMethod.JOINT, null)).reluBudget());
        assertEquals(Long.valueOf(62_742), JointReduction.blockBudget(RESNET18,
                settings(Budget.reluReduction(1.73), ReductionMethod.JOINT, null)).reluBudget());
        assertEquals(Long.valueOf(72_362), JointReduction.blockBudget(RESNET18,
                settings(Budget.reluBudget(27_136), ReductionMethod.JOINT, 1.5)).reluBudget());
        Budget withMacs = JointReduction.blockBudget(RESNET18, settings(Budget.reluBudget(27_136).andMacReduction(1.3),
                ReductionMethod.JOINT, null));
        assertEquals(1.3, withMacs.macReduction());
        assertTrue(RESNET18.nodes().stream().filter(n -> n.op() instanceof Relu).count() == 17);
    }

    /**
     * Without {@code --block-reduction}, joint tries block stages at R^(1/3), R^(2/3) and as far as merges go (R:
     * 108,544 / 60,544 at 4x, capped at the budget at 1.73x).
     */
    @Test
    void jointTriesBlockStagesEvenlySpacedUpToTheFurthest() {
        List<Double> at4 = JointReduction.splits(RESNET18, settings(Budget.reluBudget(27_136), ReductionMethod.JOINT,
                null));
        double r = 108_544.0 / 60_544;
        assertEquals(3, at4.size());
        assertEquals(Math.cbrt(r), at4.get(0), 1e-12);
        assertEquals(Math.cbrt(r) * Math.cbrt(r), at4.get(1), 1e-12);
        assertEquals(null, at4.get(2));
        List<Double> at173 = JointReduction.splits(RESNET18, settings(Budget.reluReduction(1.73), ReductionMethod.JOINT,
                null));
        assertEquals(Math.pow(108_544.0 / 62_742, 1.0 / 3), at173.get(0), 1e-12);
        assertEquals(Long.valueOf((long) Math.floor(108_544 / at4.get(1))), JointReduction.blockBudget(RESNET18,
                settings(Budget.reluBudget(27_136), ReductionMethod.JOINT, null), at4.get(1)).reluBudget());
    }

    /**
     * A try whose training diverged is recorded with its reason and never chosen; among the others the most accurate
     * on the calibration split wins, ties to the later (larger) block stage; with none left there is no choice.
     */
    @Test
    void jointPassesOverADivergedTryAndRecordsIt() {
        List<Candidate> candidates = Candidates.find(RESNET18);
        Map<String, Double> uniform = new java.util.LinkedHashMap<>();
        candidates.forEach(c -> uniform.put(c.relu(), 1.0));
        ShallowSettings s = settings(Budget.reluBudget(27_136), ReductionMethod.JOINT, null);
        List<JointTrial> trials = new java.util.ArrayList<>();
        for (Double split : JointReduction.splits(RESNET18, s)) {
            ShallowSettings block = s.withBudget(JointReduction.blockBudget(RESNET18, s, split));
            Planned planned = new Planned(null, Selection.select(RESNET18, candidates, uniform, block.budget(),
                    KernelMode.SAME));
            trials.add(new JointTrial(new JointTrial.Spec(split, block, planned), new JointTrial.Stages(RESNET18,
                    ChannelMasks.none(), null, null, null, null), 0.9, null));
        }
        JointTrial diverged = JointTrial.diverged(trials.get(2).spec(), "loss became NaN at epoch 2, step 82");
        // ties go to the later try; a diverged one is never chosen, however it would have scored
        assertTrue(JointTrial.choose(trials) == trials.get(2));
        trials.set(2, diverged);
        assertTrue(JointTrial.choose(trials) == trials.get(1));
        com.fasterxml.jackson.databind.JsonNode json = dev.shallowpi.checkpoint.Checkpoint.json().valueToTree(
                JointTrial.search(trials, trials.get(1)));
        com.fasterxml.jackson.databind.JsonNode last = json.get("tries").get(2);
        assertEquals("loss became NaN at epoch 2, step 82", last.get("diverged").asText());
        assertTrue(!last.has("calibrationAccuracy") && !last.get("chosen").asBoolean(), last.toString());
        assertTrue(json.get("tries").get(1).get("chosen").asBoolean());
        assertEquals(0.9, json.get("tries").get(0).get("calibrationAccuracy").asDouble());
        assertEquals(null, JointTrial.choose(List.of(diverged)));
    }

    /** compare runs every method from one set of flags: the seed's method alone keeps gradual removal and rounds. */
    @Test
    void gradualRemovalAndRoundsStayWithTheSeedsMethod() {
        ShallowSettings base = settings(Budget.reluReduction(1.5), ReductionMethod.SHALLOW, null);
        ShallowSettings s = new ShallowSettings(base.budget(), new ShallowSettings.Learning(KernelMode.SAME,
                KernelInit.FIT, 1, 2), new ShallowSettings.Ranking(SensitivityMethod.ABLATION,
                GateSensitivity.Settings.defaults(0), true), new ShallowSettings.Tuning(TrainConfig.defaults(5, 0),
                new Distill(4, 0.9), true), base.profile(), base.reduction());
        assertEquals(s, s.withMethod(ReductionMethod.SHALLOW));
        for (ReductionMethod m : List.of(ReductionMethod.CULL, ReductionMethod.SNL, ReductionMethod.JOINT)) {
            ShallowSettings other = s.withMethod(m);
            assertEquals(0, other.learning().gradualEpochs(), m.cliName());
            assertEquals(false, other.ranking().remeasure(), m.cliName());
            assertEquals(KernelInit.FIT, other.learning().kernelInit(), "what every method reads stays");
            assertEquals(1.0, other.learning().featureKd());
        }
        SettingException e = assertThrows(SettingException.class, () -> new ShallowSettings(base.budget(),
                s.learning(), s.ranking(), s.tuning(), s.profile(), base.reduction().withMethod(ReductionMethod.CULL)));
        assertTrue(e.getMessage().contains("gradual removal epochs"), e.getMessage());
    }
}
