package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One candidate of {@code sensitivity.json}: a whole ReLU layer measured by ablation or gates, or a ReLU layer
 * scored by snl's channel alphas. Both have a name and a score (lower is safer to remove); the files tell them apart
 * by their keys.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(CandidateSensitivity.Layer.class),
        @JsonSubTypes.Type(CandidateSensitivity.Channels.class)})
public sealed interface CandidateSensitivity {
    String name();

    /** {@code merge} when removing the ReLU layer lets two convs merge, else {@code removal-only}. */
    String kind();

    double score();

    /**
     * A whole ReLU layer: its block, kind and counts, and what was measured (the fields of the other method null):
     * the KL divergence and accuracy drop of ablating it, or its trained gate alpha.
     */
    record Layer(String name, String block, String kind, long relus, long macsSaved, int reluDepthSaved,
                 int linearDepthSaved, @JsonInclude(JsonInclude.Include.ALWAYS) Double kl,
                 @JsonInclude(JsonInclude.Include.ALWAYS) Double accuracyDrop, double score,
                 @JsonInclude(JsonInclude.Include.ALWAYS) Double alpha) implements CandidateSensitivity {
    }

    /** A ReLU layer under snl: its channels, how many kept their ReLU, and every channel's alpha. */
    record Channels(String name, String kind, long relus, int channels, int keptChannels, double score,
                    float[] alphas) implements CandidateSensitivity {
    }
}
