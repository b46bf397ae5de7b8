package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code sweep.json} (a comparison's {@code compare.json}): the command, the teacher's figures, the PI profile, the
 * settings every run shares, and one row per budget ({@code budgets}) or per method ({@code methods}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepReport(Integer schemaVersion, String command, String convention, JsonNode model, JsonNode dataset,
                          String teacherCheckpoint, Teacher teacher, JsonNode pi, SweepSettings settings,
                          List<Row> budgets, List<Row> methods) {

    /** The same head with its rows: a sweep's under {@code budgets}, a comparison's under {@code methods}. */
    public SweepReport withRows(List<Row> rows, boolean methods) {
        return new SweepReport(schemaVersion, command, convention, model, dataset, teacherCheckpoint, teacher, pi,
                settings, methods ? null : rows, methods ? rows : null);
    }

    /** The teacher's test accuracy, counts and PI figures. */
    public record Teacher(double accuracy, @JsonUnwrapped ModelFigures figures, JsonNode pi) {
    }

    /**
     * One run: its name, the flag and value it came from, its folder, whether it finished, and what its report says
     * when it did.
     */
    public record Row(String name, String flag, String value, String dir, String status,
                      @JsonUnwrapped Finished finished) {
    }

    /**
     * A finished run's figures, from its {@code report.json}: accuracy and loss in points, counts, reductions, PI
     * figures, the removed ReLU layers, the kernel, the method, and how many layers carry channel masks.
     */
    public record Finished(double accuracy, double accuracyDropPoints, long relus, long macs, long params,
                           long reluDepth, long linearDepth, long convs, double reluReduction, double macReduction,
                           double onlineLatencyReduction, JsonNode pi, JsonNode selected, String kernel,
                           String method, int channelMaskedLayers) {
    }
}
