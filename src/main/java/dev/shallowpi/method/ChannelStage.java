package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.channels.ChannelMasks;
import dev.shallowpi.method.channels.MaskLowering;
import dev.shallowpi.results.Plan;

/** What the methods with channel masks ({@code snl}, {@code joint}) and culling put into their plans. */
final class ChannelStage {
    private ChannelStage() {
    }

    /** The masks and the mask training's log into the plan, and the counts they give. */
    static Plan.Builder record(Plan.Builder plan, ChannelTraining.Result trained, ChannelMasks masks, Graph student) {
        plan.channelStage(masks.toRecord(), trained.log());
        return predicted(plan, student, masks);
    }

    /** The ReLU count and depth of the student with its masks lowered to structure. */
    static Plan.Builder predicted(Plan.Builder plan, Graph student, ChannelMasks masks) {
        ModelCost cost = CostAnalysis.of(MaskLowering.apply(student, masks));
        return plan.predictedRelus(cost.relus(), cost.reluDepth());
    }
}
