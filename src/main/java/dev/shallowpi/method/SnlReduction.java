package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.selection.Budget;
import dev.shallowpi.results.CandidateSensitivity;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** SNL: channel alphas on every ReLU layer of the teacher, trained to the budget, binarised. */
final class SnlReduction implements Reduction {
    @Override
    public Prepared prepare(MethodContext c) throws IOException {
        Graph teacher = c.in().teacher();
        ShallowSettings s = c.settings();
        long allowed = s.budget().allowedRelus(CostAnalysis.of(teacher).relus());
        ChannelTraining.Result trained = ChannelTraining.train(teacher, allowed, c);
        ChannelMasks masks = trained.masks();
        Sensitivity sensitivity = channelSensitivity(trained, masks, s.reduction().channels().threshold());
        RunFiles.write(c.out().resolve(RunFiles.SENSITIVITY), sensitivity);
        Students.Rewritten student = Students.beforeFineTuning(trained.graph(), masks, c);
        List<String> gone = new ArrayList<>();
        masks.masks().forEach((relu, keep) -> {
            if (ChannelMasks.count(keep) == 0) {
                gone.add(relu);
            }
        });
        Plan.Builder plan = Plan.builder(s.method().cliName(), s.budget().describeTargets(),
                Planning.NOTHING_MERGES).selected(gone);
        ChannelStage.record(plan, trained, masks, student.student());
        return new Prepared(plan.beforeFineTuning(student.accuracy()).build(), sensitivity, student.student());
    }

    /**
     * SNL's sensitivity, in the form reports draw: one entry per ReLU layer, scored by its mean |alpha| after mask
     * training (1: keeps the ReLU, 0: the identity), with every channel's alpha and how many channels kept their
     * ReLU.
     */
    private static Sensitivity channelSensitivity(ChannelTraining.Result trained, ChannelMasks masks,
                                                  double threshold) {
        List<CandidateSensitivity> list = new ArrayList<>();
        Graph g = trained.graph();
        for (Node n : g.nodes()) {
            if (!(n.op() instanceof Relu)) {
                continue;
            }
            float[] a = trained.alphas().get(n.name());
            double sum = 0;
            for (float v : a) {
                sum += Math.abs(v);
            }
            boolean[] keep = masks.mask(n.name());
            list.add(new CandidateSensitivity.Channels(n.name(), "channels", g.shape(n.name()).elements(), a.length,
                    keep == null ? a.length : ChannelMasks.count(keep), sum / a.length, a.clone()));
        }
        return Sensitivity.ofChannels(threshold, list);
    }

    @Override
    public boolean ranksLayers() {
        return false;
    }

    @Override
    public boolean masksChannels() {
        return true;
    }

    @Override
    public Budget selectionBudget(Graph teacher, ShallowSettings s) {
        return null;
    }

    @Override
    public void check(Budget b, String name) {
        BudgetRules.requireReluTargetOnly(b, name);
        if (b.isNamed()) {
            throw new SettingException(Setting.BLOCKS, ": ", Setting.METHOD, " snl chooses channels, not blocks; give ",
                    Setting.RELU_BUDGET, " or ", Setting.RELU_REDUCTION);
        }
        if (!b.hasReluTarget()) {
            throw BudgetRules.needsReluTarget(name);
        }
    }
}
