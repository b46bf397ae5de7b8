package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything a sensitivity measurement depends on: the method and its settings, the teacher (a SHA-256 of its
 * structure and weights) and the calibration images (a SHA-256 of their pixels and labels). The gate method's own
 * settings (flat in the file) are absent for ablation. Built with {@link #of}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SensitivityInputs(String method, String kernel, String teacherSha256, String calibrationSha256,
                                int calibrationImages, int batchSize, Integer gateEpochs, Double gateLr,
                                Double gateLambda, Double kdTemperature, Double kdWeight, Long seed) {

    /** What the measurement ran on: the teacher's and the calibration images' digests, and how many images. */
    public record Measured(String teacherSha256, String calibrationSha256, int calibrationImages) {
    }

    /** The gate method's settings. */
    public record Gate(int gateEpochs, double gateLr, double gateLambda, double kdTemperature, double kdWeight,
                       long seed) {
    }

    /** @param gate the gate method's settings; null for ablation */
    public static SensitivityInputs of(String method, String kernel, Measured on, int batchSize, Gate gate) {
        return new SensitivityInputs(method, kernel, on.teacherSha256(), on.calibrationSha256(),
                on.calibrationImages(), batchSize, gate == null ? null : gate.gateEpochs(),
                gate == null ? null : gate.gateLr(), gate == null ? null : gate.gateLambda(),
                gate == null ? null : gate.kdTemperature(), gate == null ? null : gate.kdWeight(),
                gate == null ? null : gate.seed());
    }
}
