package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code sensitivity.json}: how much each candidate's ReLUs matter, as the method measured it. Layer methods
 * (ablation, gate) score whole ReLU layers and record what they measured on ({@code inputs}, so that a sweep reuses
 * a stored measurement only for the same question); {@code snl} scores each ReLU layer by its trained channel alphas.
 *
 * @param calibrationImages layer methods: images measured on
 * @param kernel            layer methods: the merge kernel the saved MACs are counted for
 * @param threshold         snl: the |alpha| above which a channel keeps its ReLU
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sensitivity(Integer schemaVersion, String method, Integer calibrationImages, String kernel,
                          Double threshold, List<CandidateSensitivity> candidates, SensitivityInputs inputs) {

    /** A layer method's measurement (the inputs are added by {@link #withInputs}). */
    public static Sensitivity ofLayers(String method, int calibrationImages, String kernel,
                                       List<CandidateSensitivity> candidates) {
        return new Sensitivity(SchemaVersion.CURRENT, method, calibrationImages, kernel, null,
                List.copyOf(candidates), null);
    }

    /** SNL's alphas as a sensitivity. */
    public static Sensitivity ofChannels(double threshold, List<CandidateSensitivity> candidates) {
        return new Sensitivity(SchemaVersion.CURRENT, "snl", null, null, threshold, List.copyOf(candidates), null);
    }

    public Sensitivity withInputs(SensitivityInputs in) {
        return new Sensitivity(schemaVersion, method, calibrationImages, kernel, threshold, candidates, in);
    }
}
