package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Joint's tries of a split between its block and channel stages, and the one it chose ({@code splitSearch}). */
public record JointSearch(String criterion, List<Try> tries) {

    /**
     * One try.
     *
     * @param blockReduction the block stage's ratio, or the words "as far as merges go"
     * @param diverged       why its training stopped on a non-finite loss; absent when it did not
     * @param channelStage   whether a channel stage ran; absent for a diverged try
     */
    public record Try(Object blockReduction, String blockBudget, long blockStageRelus, List<String> selected,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String diverged,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean channelStage,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Double calibrationAccuracy, boolean chosen) {
    }
}
