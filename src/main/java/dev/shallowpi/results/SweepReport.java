package dev.shallowpi.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.List;

/**
 * {@code sweep.json} (a comparison's {@code compare.json}): the command, the teacher's figures, the PI profile, the
 * settings every run shares, and one row per budget ({@code budgets}) or per method ({@code methods}). The HTML report
 * reads it back; the values it shows are required.
 *
 * @param model   the teacher's model as the CLI describes it (free-form: zoo models and ONNX files differ)
 * @param dataset the dataset as the CLI describes it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepReport(Integer schemaVersion, @JsonProperty(required = true) String command, String convention,
                          JsonNode model, JsonNode dataset, String teacherCheckpoint,
                          @JsonProperty(required = true) Teacher teacher,
                          @JsonProperty(required = true) PiDefinitions pi, SweepSettings settings, List<Row> budgets,
                          List<Row> methods) {

    /** The same head with its rows: a sweep's under {@code budgets}, a comparison's under {@code methods}. */
    public SweepReport withRows(List<Row> rows, boolean methods) {
        return new SweepReport(schemaVersion, command, convention, model, dataset, teacherCheckpoint, teacher, pi,
                settings, methods ? null : rows, methods ? rows : null);
    }

    /** The teacher's test accuracy, counts and PI figures. */
    public record Teacher(@JsonProperty(required = true) double accuracy, @JsonUnwrapped ModelFigures figures,
                          @JsonProperty(required = true) PiFigures pi) {
    }

    /**
     * One run: its name, the flag and value it came from, its folder, whether it finished ({@link #FINISHED}), and
     * what its report says when it did (null for a run that has not).
     */
    @JsonDeserialize(using = Row.Reader.class)
    public record Row(String name, String flag, String value, String dir, String status,
                      @JsonUnwrapped Finished finished) {
        public static final String FINISHED = "finished";
        public static final String PENDING = "pending";

        /**
         * Reads a row's figures only when it finished. Jackson makes an unwrapped record whether or not its keys are
         * there, so a pending row would otherwise read back with every figure zero (and be written back so), and
         * the figures could not be required of a finished one.
         */
        static final class Reader extends StdDeserializer<Row> {
            Reader() {
                super(Row.class);
            }

            @Override
            public Row deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                JsonNode row = ctxt.readTree(p);
                Head head = ctxt.readTreeAsValue(row, Head.class);
                Finished finished = FINISHED.equals(head.status()) ? ctxt.readTreeAsValue(row, Finished.class) : null;
                return new Row(head.name(), head.flag(), head.value(), head.dir(), head.status(), finished);
            }
        }

        /** A row's own keys, read apart from its figures. */
        @JsonIgnoreProperties(ignoreUnknown = true)
        private record Head(@JsonProperty(required = true) String name, String flag, String value, String dir,
                            String status) {
        }
    }

    /**
     * A finished run's figures, from its {@code report.json}: accuracy and loss in points, counts, reductions, PI
     * figures, the removed ReLU layers, the kernel, the method, and how many layers carry channel masks. Read from the
     * row it is flat in, beside the row's own keys.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Finished(@JsonProperty(required = true) double accuracy,
                           @JsonProperty(required = true) double accuracyDropPoints,
                           @JsonProperty(required = true) long relus, @JsonProperty(required = true) long macs,
                           long params, @JsonProperty(required = true) long reluDepth,
                           @JsonProperty(required = true) long linearDepth, long convs,
                           @JsonProperty(required = true) double reluReduction,
                           @JsonProperty(required = true) double macReduction,
                           @JsonProperty(required = true) double onlineLatencyReduction,
                           @JsonProperty(required = true) PiFigures pi, List<String> selected, String kernel,
                           String method, int channelMaskedLayers) {
    }
}
