package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What makes a sweep's budgets (a comparison's methods) comparable, as {@code sweep.json} records it and a rerun
 * checks: what the sensitivity was measured on (as {@link SensitivityInputs}, the gate method's distillation settings
 * given by the fine-tuning's), the data sizes, the fine-tuning and distillation, BN re-estimation, the PI profile, and
 * the method's own settings; a comparison adds the budget its methods share.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepSettings(String method, String kernel, String teacherSha256, String calibrationSha256,
                            int calibrationImages, int batchSize, Integer gateEpochs, Double gateLr,
                            Double gateLambda, Long seed, JsonNode dataset, int trainImages, int testImages,
                            JsonNode fineTuning, double kdTemperature, double kdWeight, boolean bnReestimation,
                            String piProfile, String budget, Reduction reduction) {

    /**
     * The method and the settings only it reads: the channel stage's for snl and joint (a comparison records them
     * for every method, without a method), and joint's block-stage target when given.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reduction(String method, Integer maskEpochs, Double maskLr, Double maskLambda,
                            Double maskSettleEpochs, Double blockReduction) {
    }
}
