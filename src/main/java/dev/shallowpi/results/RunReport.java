package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code report.json} of a {@code shallow} run: the teacher against the deployed model (accuracy, counts, PI
 * estimates, per-layer costs), the equivalence check, the plan, the fine-tuning, the verification and what deployment
 * rewrote. The HTML report reads it back; the values it shows are required, so that a file without one is refused
 * naming the key rather than shown as zero.
 *
 * @param schemaVersion absent in files written before versions (read as 1)
 * @param pi            the PI profile's definitions and the latency reductions under it
 * @param selected      the plan's removed ReLU layers, repeated at the top for readers of the figures
 * @param training      the fine-tuning, flat in the file (not named {@code fineTuning}, a key of its own: Jackson
 *                      would read that key into an unwrapped component of the same name)
 * @param export        what the deployed model's export wrote and checked
 * @param sweep         the sweep or comparison the run belongs to; absent for a run of its own
 * @param inputs        what the CLI says about the teacher and the command, written at the top level after the rest
 */
@JsonPropertyOrder({"schemaVersion", "convention"})
public record RunReport(Integer schemaVersion, String convention, String method,
                        @JsonProperty(required = true) Side before, @JsonProperty(required = true) Side after,
                        @JsonProperty(required = true) Pi pi, List<String> selected, Equivalence equivalence,
                        @JsonProperty(required = true) double reluReduction,
                        @JsonProperty(required = true) double macReduction, Measured teacher, Measured student,
                        @JsonProperty(required = true) Deployed deployed, Plan selection, String sensitivityMethod,
                        @JsonUnwrapped FineTuning training,
                        @JsonProperty(required = true) Verification verification, List<String> deployRewrites,
                        List<String> notMerged, JsonNode export,
                        @JsonInclude(JsonInclude.Include.NON_NULL) SweepUnit sweep, @JsonUnwrapped Inputs inputs) {

    /**
     * The sweep or comparison a run belongs to: its folder, and the budget (a sweep: flag and value) or the method
     * (a comparison) of this run.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SweepUnit(String dir, String budget, String method) {
    }

    /**
     * The teacher and the command: the teacher's checkpoint folder or ONNX file (one of the two), its model and
     * dataset as the CLI describes them (free-form: a zoo model and an ONNX file are described by different keys),
     * and the command line.
     */
    public record Inputs(@JsonInclude(JsonInclude.Include.NON_NULL) String teacherCheckpoint,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String teacherOnnx, JsonNode model,
                         JsonNode dataset, @JsonProperty(required = true) String command) {
    }

    /** {@code before} and {@code after}: accuracy, counts, PI figures and per-layer costs. */
    public record Side(@JsonProperty(required = true) double accuracy, @JsonUnwrapped ModelFigures figures,
                       @JsonProperty(required = true) PiFigures pi,
                       @JsonProperty(required = true) List<LayerCostRow> layers) {
    }

    /** {@code pi}: the profile's definitions, and how much the run cut the latency under it (teacher / deployed). */
    public record Pi(@JsonUnwrapped PiDefinitions definitions,
                     @JsonProperty(required = true) double onlineLatencyReduction,
                     @JsonProperty(required = true) double offlineLatencyReduction) {
    }

    /** {@code teacher} and {@code student}: counts and test accuracy. */
    public record Measured(@JsonUnwrapped ModelFigures figures, double testAccuracy) {
    }

    /** {@code deployed}: counts, test accuracy, reductions against the teacher and the accuracy lost in points. */
    public record Deployed(@JsonUnwrapped ModelFigures figures, double testAccuracy, double reluReduction,
                           double macReduction, @JsonProperty(required = true) double accuracyDropPoints) {
    }

    /** The deployed model against the trained student, in brief (the verification has the rest). */
    public record Equivalence(double maxAbsDiff, boolean samePredictions, int images) {
    }

    /**
     * The fine-tuning's settings ({@code fineTuning}), its loss in words, its per-epoch history, whether BN
     * statistics were re-estimated first, and the epochs that diverged and ran again from their checkpoint (absent
     * when none did); flat in the file.
     */
    public record FineTuning(@JsonProperty("fineTuning") JsonNode config, String fineTuningLoss, JsonNode history,
                             boolean bnReestimation,
                             @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode retriedEpochs) {
    }
}
