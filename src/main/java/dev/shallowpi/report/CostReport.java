package dev.shallowpi.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.LayerCost;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.results.LayerCostRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Renders a {@link ModelCost} as a per-layer text table or as JSON. */
public final class CostReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CostReport() {
    }

    /**
     * One JSON object: totals ({@code relus}, {@code macs}, {@code params}, {@code reluDepth},
     * {@code linearDepth}, ...), the counting convention, the {@code model} description given by the caller,
     * and {@code layers}, one object per node.
     */
    public static ObjectNode json(ObjectNode model, ModelCost cost) {
        ObjectNode root = JSON.createObjectNode();
        root.set("model", model);
        root.put("relus", cost.relus());
        root.put("macs", cost.macs());
        root.put("params", cost.params());
        root.put("reluDepth", cost.reluDepth());
        root.put("linearDepth", cost.linearDepth());
        root.put("reluLayers", cost.reluLayers());
        root.put("convs", cost.convs());
        root.set("nonlinearities", JSON.valueToTree(cost.nonlinearities()));
        root.put("nonlinearDepth", cost.nonlinearDepth());
        root.put("stemReluCounted", true);
        root.put("convention", ModelCost.CONVENTION);
        root.set("layers", layers(cost));
        return root;
    }

    /** One object per node: name, op, attributes, output shape, ReLUs, MACs, params. */
    public static ArrayNode layers(ModelCost cost) {
        return JSON.valueToTree(rows(cost));
    }

    /** {@link #layers} as records: what a run's report lists under {@code before} and {@code after}. */
    public static List<LayerCostRow> rows(ModelCost cost) {
        List<LayerCostRow> rows = new ArrayList<>();
        for (LayerCost l : cost.layers()) {
            rows.add(new LayerCostRow(l.name(), l.op(), l.attributes(), l.output().toString(), l.relus(), l.macs(),
                    l.params()));
        }
        return rows;
    }

    public static String toJsonString(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    /** A fixed-width table with one row per node, then totals and the counting convention. */
    public static String table(String title, ModelCost cost) {
        int nameWidth = "layer".length();
        int attrWidth = "attributes".length();
        for (LayerCost l : cost.layers()) {
            nameWidth = Math.max(nameWidth, l.name().length());
            attrWidth = Math.max(attrWidth, l.attributes().length());
        }
        String row = "%-" + nameWidth + "s  %-8s  %-" + attrWidth + "s  %-12s  %12s  %15s  %12s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, row, "layer", "op", "attributes", "output", "ReLUs", "MACs", "params"));
        for (LayerCost l : cost.layers()) {
            sb.append(String.format(Locale.ROOT, row, l.name(), l.op(), l.attributes(), l.output(),
                    count(l.relus()), count(l.macs()), count(l.params())));
        }
        sb.append(String.format(Locale.ROOT, row, "total", "", "", "", count(cost.relus()), count(cost.macs()),
                count(cost.params())));
        sb.append(System.lineSeparator());
        sb.append(totals(cost));
        return sb.toString();
    }

    /** The totals and the counting convention, as the last lines of {@link #table}. */
    public static String totals(ModelCost cost) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "ReLUs         %,d (%d ReLU layers; the stem ReLU is counted)%n",
                cost.relus(), cost.reluLayers()));
        boolean otherKinds = !cost.nonlinearities().keySet().equals(Set.of("relu"))
                && !cost.nonlinearities().isEmpty();
        if (otherKinds) {
            StringBuilder kinds = new StringBuilder();
            cost.nonlinearities().forEach((k, v) -> kinds.append(kinds.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %,d", k, v)));
            sb.append("  by kind     ").append(kinds).append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "MACs          %,d%n", cost.macs()));
        sb.append(String.format(Locale.ROOT, "params        %,d%n", cost.params()));
        sb.append(String.format(Locale.ROOT, "ReLU depth    %d (most ReLU layers on an input-to-output path)%n",
                cost.reluDepth()));
        if (otherKinds) {
            sb.append(String.format(Locale.ROOT, "nonlin. depth %d (most nonlinear layers of any kind on a path: "
                    + "the PI rounds)%n", cost.nonlinearDepth()));
        }
        sb.append(String.format(Locale.ROOT, "linear depth  %d (most conv/linear layers on a path; %d convs)%n",
                cost.linearDepth(), cost.convs()));
        sb.append("convention    ").append(ModelCost.CONVENTION).append(System.lineSeparator());
        return sb.toString();
    }

    private static String count(long v) {
        return v == 0 ? "-" : String.format(Locale.ROOT, "%,d", v);
    }
}
