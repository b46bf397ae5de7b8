package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A student's test accuracy straight after it was made, and after its BN statistics were re-estimated (absent when
 * they were not).
 */
public record EarlyAccuracy(double accuracyAfterRewrite,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Double accuracyAfterBnReestimation) {
}
