package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * {@code plan.json}: what a method chose before fine-tuning, and what it predicts. Each method fills the parts it has
 * (the others are absent from the file): the seed's method a selection of blocks and every predicted count; culling
 * a selection and the ReLU counts; {@code snl} channel masks; {@code joint} both, with its block stage's budget and
 * the tries of its split search. Built with {@link Builder}.
 *
 * @param selected   ReLU nodes removed whole (for channel masks: the layers left with no ReLU channel)
 * @param kernelInit how {@code --kernel same} started its merged convs, when it merged any
 * @param kernelFits for {@code --kernel-init fit}: how well each merged conv reproduces its exact composition
 * @param gradualEpochs the fine-tuning epochs over which the selected ReLUs faded out before their convs merged
 * @param greedyRounds  {@code --remeasure}: each round of the re-measured greedy selection
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plan(Integer schemaVersion, String method, String budget, String blockBudget, String kernel,
                   String search, Integer pool, List<String> selected, Long predictedRelus, Long predictedMacs,
                   Double predictedReluReduction, Double predictedMacReduction, Integer predictedReluDepth,
                   Integer predictedLinearDepth, String piProfile, Double predictedOnlineSeconds,
                   Double predictedOnlineLatencyReduction, Map<String, ChannelMask> channelMasks,
                   MaskTrainingLog channelTraining, EarlyAccuracy studentBeforeFineTuning,
                   EarlyAccuracy studentAfterChannelStage, JointSearch splitSearch, String kernelInit,
                   List<KernelFitReport> kernelFits, Integer gradualEpochs, List<GreedyRound> greedyRounds) {

    public static Builder builder(String method, String budget, String kernel) {
        return new Builder(method, budget, kernel);
    }

    /** Named parts of a plan; what is never set is absent from the file. */
    public static final class Builder {
        private String method;
        private String budget;
        private final String kernel;
        private String blockBudget;
        private String search;
        private Integer pool;
        private List<String> selected;
        private Long predictedRelus;
        private Long predictedMacs;
        private Double predictedReluReduction;
        private Double predictedMacReduction;
        private Integer predictedReluDepth;
        private Integer predictedLinearDepth;
        private String piProfile;
        private Double predictedOnlineSeconds;
        private Double predictedOnlineLatencyReduction;
        private Map<String, ChannelMask> channelMasks;
        private MaskTrainingLog channelTraining;
        private EarlyAccuracy studentBeforeFineTuning;
        private EarlyAccuracy studentAfterChannelStage;
        private JointSearch splitSearch;
        private String kernelInit;
        private List<KernelFitReport> kernelFits;
        private Integer gradualEpochs;
        private List<GreedyRound> greedyRounds;

        private Builder(String method, String budget, String kernel) {
            this.method = method;
            this.budget = budget;
            this.kernel = kernel;
        }

        /** Joint: the whole run's method and budget, the block stage's budget beside them. */
        public Builder stages(String method, String budget, String blockBudget) {
            this.method = method;
            this.budget = budget;
            this.blockBudget = blockBudget;
            return this;
        }

        /** The selection of whole ReLU layers: how it was searched, over how many candidates, and the names. */
        public Builder selection(String search, Integer pool, List<String> selected) {
            this.search = search;
            this.pool = pool;
            this.selected = List.copyOf(selected);
            return this;
        }

        /** The layers the plan removes whole, without a search (channel masks that keep no channel of them). */
        public Builder selected(List<String> selected) {
            this.selected = List.copyOf(selected);
            return this;
        }

        /** The ReLU count and ReLU depth of the student the plan makes. */
        public Builder predictedRelus(long relus, int reluDepth) {
            this.predictedRelus = relus;
            this.predictedReluDepth = reluDepth;
            return this;
        }

        /** Every predicted figure of a selection: counts, depths, reductions, and the PI estimate. */
        public Builder predicted(Predicted p) {
            predictedRelus = p.relus();
            predictedMacs = p.macs();
            predictedReluReduction = p.reluReduction();
            predictedMacReduction = p.macReduction();
            predictedReluDepth = p.reluDepth();
            predictedLinearDepth = p.linearDepth();
            piProfile = p.piProfile();
            predictedOnlineSeconds = p.onlineSeconds();
            predictedOnlineLatencyReduction = p.onlineLatencyReduction();
            return this;
        }

        public Builder channelStage(Map<String, ChannelMask> masks, MaskTrainingLog log) {
            this.channelMasks = masks;
            this.channelTraining = log;
            return this;
        }

        public Builder beforeFineTuning(EarlyAccuracy accuracy) {
            this.studentBeforeFineTuning = accuracy;
            return this;
        }

        public Builder afterChannelStage(EarlyAccuracy accuracy) {
            this.studentAfterChannelStage = accuracy;
            return this;
        }

        public Builder splitSearch(JointSearch search) {
            this.splitSearch = search;
            return this;
        }

        /** How the merged convs started ({@code crop}, {@code fit}, {@code fit-teacher}), and each fit's errors. */
        public Builder kernelInit(String init, List<KernelFitReport> fits) {
            this.kernelInit = init;
            this.kernelFits = fits == null ? null : List.copyOf(fits);
            return this;
        }

        /** The fine-tuning epochs over which the selected ReLUs faded out before the merge (null: removed at once). */
        public Builder gradualEpochs(Integer epochs) {
            this.gradualEpochs = epochs;
            return this;
        }

        /** The rounds of the re-measured greedy selection ({@code --remeasure}). */
        public Builder greedyRounds(List<GreedyRound> rounds) {
            this.greedyRounds = List.copyOf(rounds);
            return this;
        }

        public Plan build() {
            return new Plan(SchemaVersion.CURRENT, method, budget, blockBudget, kernel, search, pool, selected,
                    predictedRelus, predictedMacs, predictedReluReduction, predictedMacReduction, predictedReluDepth,
                    predictedLinearDepth, piProfile, predictedOnlineSeconds, predictedOnlineLatencyReduction,
                    channelMasks, channelTraining, studentBeforeFineTuning, studentAfterChannelStage, splitSearch,
                    kernelInit, kernelFits, gradualEpochs, greedyRounds);
        }
    }

    /** What a selection predicts for its student, under the named PI profile. */
    public record Predicted(long relus, long macs, double reluReduction, double macReduction, int reluDepth,
                            int linearDepth, String piProfile, double onlineSeconds, double onlineLatencyReduction) {
    }
}
