package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} of a {@code shallow} run: the teacher against the deployed model (accuracy, counts, PI
 * estimates, per-layer costs), the equivalence check, the plan, the fine-tuning, the verification and what deployment
 * rewrote.
 *
 * @param info         what the CLI says about the teacher and the command (teacher checkpoint, model, dataset,
 *                     command), written at the top level after the rest
 * @param pi           the PI profile's definitions and the latency reductions under it
 * @param selected     the plan's removed ReLU layers, repeated at the top for readers of the figures
 * @param export       what the deployed model's export wrote and checked
 * @param sweep        the sweep or comparison the run belongs to; absent for a run of its own
 */
@JsonPropertyOrder({"schemaVersion", "convention"})
public record RunReport(int schemaVersion, String convention, @JsonIgnore JsonNode info, String method, Side before,
                        Side after, JsonNode pi, List<String> selected, Equivalence equivalence, double reluReduction,
                        double macReduction, Measured teacher, Measured student, Deployed deployed, Plan selection,
                        String sensitivityMethod, @JsonUnwrapped FineTuning fineTuning, Verification verification,
                        List<String> deployRewrites, List<String> notMerged, JsonNode export,
                        @JsonInclude(JsonInclude.Include.NON_NULL) SweepUnit sweep) {

    /**
     * The sweep or comparison a run belongs to: its folder, and the budget (a sweep: flag and value) or the method
     * (a comparison) of this run.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SweepUnit(String dir, String budget, String method) {
    }

    /** {@link #info}'s fields, written at the top level. */
    @JsonAnyGetter
    public Map<String, JsonNode> infoFields() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (info != null) {
            info.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        }
        return m;
    }

    /** {@code before} and {@code after}: accuracy, counts, PI figures and per-layer costs. */
    public record Side(double accuracy, @JsonUnwrapped ModelFigures figures, JsonNode pi, JsonNode layers) {
    }

    /** {@code teacher} and {@code student}: counts and test accuracy. */
    public record Measured(@JsonUnwrapped ModelFigures figures, double testAccuracy) {
    }

    /** {@code deployed}: counts, test accuracy, reductions against the teacher and the accuracy lost in points. */
    public record Deployed(@JsonUnwrapped ModelFigures figures, double testAccuracy, double reluReduction,
                           double macReduction, double accuracyDropPoints) {
    }

    /** The deployed model against the trained student, in brief (the verification has the rest). */
    public record Equivalence(double maxAbsDiff, boolean samePredictions, int images) {
    }

    /**
     * The fine-tuning's settings ({@code fineTuning}), its loss in words, its per-epoch history, and whether BN
     * statistics were re-estimated first; flat in the file.
     */
    public record FineTuning(@com.fasterxml.jackson.annotation.JsonProperty("fineTuning") JsonNode config,
                             String fineTuningLoss, JsonNode history, boolean bnReestimation) {
    }
}
