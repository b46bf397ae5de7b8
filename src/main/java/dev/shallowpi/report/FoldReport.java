package dev.shallowpi.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.fold.FoldPipeline;
import dev.shallowpi.fold.PassResult;
import dev.shallowpi.fold.Rewrite;
import dev.shallowpi.fold.Skip;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders what {@code shallowpi fold} did: costs before and after, the measured difference, what merged. */
public final class FoldReport {
    private FoldReport() {
    }

    /** What the measured difference is measured against. */
    public static String reference(FoldPipeline.Outcome o) {
        return o.removal() == null ? "the unfolded model"
                : "the unmerged model in merge-ready form (ReLUs dropped, padding moved to the first conv of each pair)";
    }

    /**
     * One JSON object: {@code model}, the before/after figures as flat keys ({@code convsBefore},
     * {@code convsAfter}, {@code linearDepth*}, {@code reluDepth*}, {@code relus*}, {@code macs*},
     * {@code params*}), {@code maxAbsDiff}, {@code maxRelDiff}, {@code mergeSeconds}, {@code checkSeconds}, and
     * the lists {@code passes}, {@code merged} and {@code notMerged}.
     */
    public static ObjectNode json(ObjectNode model, String weights, FoldPipeline.Outcome o) {
        ModelCost before = CostAnalysis.of(o.original());
        ModelCost ready = CostAnalysis.of(o.reference());
        ModelCost after = CostAnalysis.of(o.result());
        ObjectNode root = CostReport.mapper().createObjectNode();
        root.set("model", model);
        root.put("weights", weights);
        root.put("dropRelus", o.removal() == null ? "none" : "inner");
        ArrayNode dropped = root.putArray("droppedRelus");
        if (o.removal() != null) {
            o.removal().dropped().forEach(dropped::add);
        }
        root.put("convsBefore", before.convs());
        root.put("convsAfter", after.convs());
        root.put("linearDepthBefore", before.linearDepth());
        root.put("linearDepthAfter", after.linearDepth());
        root.put("reluDepthBefore", before.reluDepth());
        root.put("reluDepthAfter", after.reluDepth());
        root.put("relusBefore", before.relus());
        root.put("relusAfter", after.relus());
        root.put("macsBefore", before.macs());
        root.put("macsMergeReady", ready.macs());
        root.put("macsAfter", after.macs());
        root.put("paramsBefore", before.params());
        root.put("paramsAfter", after.params());
        root.put("maxAbsDiff", o.endToEnd().maxAbsDiff());
        root.put("maxRelDiff", o.endToEnd().maxRelDiff());
        root.put("maxAbsOutput", o.endToEnd().maxAbsReference());
        root.put("reference", reference(o));
        root.put("checkSamples", o.samples());
        root.put("tolerance", o.tolerance());
        root.put("mergeSeconds", o.mergeSeconds());
        root.put("checkSeconds", o.checkSeconds());
        ArrayNode passes = root.putArray("passes");
        for (PassResult p : o.passes()) {
            ObjectNode j = passes.addObject();
            j.put("pass", p.pass());
            j.put("rewrites", p.rewrites().size());
            j.put("maxAbsDiff", p.check().maxAbsDiff());
            j.put("maxRelDiff", p.check().maxRelDiff());
            j.put("seconds", p.rewriteSeconds());
        }
        ArrayNode merged = root.putArray("merged");
        if (o.removal() != null) {
            o.removal().mergeReady().forEach(w -> rewrite(merged.addObject(), w));
        }
        o.rewrites().forEach(w -> rewrite(merged.addObject(), w));
        ArrayNode notMerged = root.putArray("notMerged");
        for (Skip s : o.skips()) {
            ObjectNode j = notMerged.addObject();
            j.put("pass", s.pass());
            ArrayNode nodes = j.putArray("nodes");
            s.nodes().forEach(nodes::add);
            j.put("reason", s.reason());
        }
        root.put("convention", ModelCost.CONVENTION);
        return root;
    }

    private static void rewrite(ObjectNode j, Rewrite w) {
        j.put("kind", w.kind());
        ArrayNode nodes = j.putArray("nodes");
        w.nodes().forEach(nodes::add);
        j.put("into", w.into());
        j.put("result", w.detail());
    }

    /** The text form: a before/after table, what merged and what did not, the difference and the timing. */
    public static String text(String title, FoldPipeline.Outcome o) {
        ModelCost before = CostAnalysis.of(o.original());
        ModelCost after = CostAnalysis.of(o.result());
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(title).append(nl);
        if (o.removal() != null) {
            sb.append(String.format(Locale.ROOT, "dropped %d inner ReLUs; %d conv pairs put in merge-ready form "
                    + "(padding moved to the first conv)%n", o.removal().dropped().size(),
                    o.removal().mergeReady().size()));
        }
        sb.append(nl);
        String row = "%-14s %15s %15s%n";
        sb.append(String.format(Locale.ROOT, row, "", "before", "after"));
        sb.append(String.format(Locale.ROOT, row, "convs", count(before.convs()), count(after.convs())));
        sb.append(String.format(Locale.ROOT, row, "linear depth", count(before.linearDepth()),
                count(after.linearDepth())));
        sb.append(String.format(Locale.ROOT, row, "ReLU depth", count(before.reluDepth()),
                count(after.reluDepth())));
        sb.append(String.format(Locale.ROOT, row, "ReLUs", count(before.relus()), count(after.relus())));
        sb.append(String.format(Locale.ROOT, row, "MACs", count(before.macs()), count(after.macs())));
        sb.append(String.format(Locale.ROOT, row, "params", count(before.params()), count(after.params())));
        sb.append(nl);
        for (PassResult p : o.passes()) {
            sb.append(String.format(Locale.ROOT, "%-15s %3d rewrites, checked: max relative difference %.3g%n",
                    p.pass(), p.rewrites().size(), p.check().maxRelDiff()));
        }
        sb.append(nl).append("merged:").append(nl);
        // one line per resulting layer, with every original node it absorbed (a merge, then its shortcut)
        Map<String, List<String>> absorbed = new LinkedHashMap<>();
        Map<String, String> detail = new HashMap<>();
        for (Rewrite w : o.rewrites()) {
            if (w.kind().equals("fold-bn")) {
                continue;
            }
            List<String> nodes = new ArrayList<>();
            for (String n : w.nodes()) {
                List<String> earlier = absorbed.remove(n);
                if (earlier != null) {
                    nodes.addAll(earlier);
                } else {
                    nodes.add(n);
                }
            }
            absorbed.put(w.into(), nodes);
            detail.put(w.into(), w.detail());
        }
        absorbed.forEach((into, nodes) -> sb.append("  ").append(into).append(" (").append(detail.get(into))
                .append(") <- ").append(String.join(", ", nodes)).append(nl));
        long bnFolds = o.rewrites().stream().filter(w -> w.kind().equals("fold-bn")).count();
        sb.append(String.format(Locale.ROOT, "  %d batch norms folded into the layer before them%n", bnFolds));
        if (!o.skips().isEmpty()) {
            sb.append("not merged:").append(nl);
            for (Skip s : o.skips()) {
                sb.append("  ").append(s).append(nl);
            }
        }
        sb.append(nl);
        sb.append(String.format(Locale.ROOT, "difference: max |diff| %.3g, max relative %.3g (of max |output| %.3g) "
                + "against %s; %d random inputs, double precision%n", o.endToEnd().maxAbsDiff(),
                o.endToEnd().maxRelDiff(), o.endToEnd().maxAbsReference(), reference(o), o.samples()));
        sb.append(String.format(Locale.ROOT, "merge time: %.3f s (checks: %.2f s)%n", o.mergeSeconds(),
                o.checkSeconds()));
        sb.append("convention: ").append(ModelCost.CONVENTION).append(nl);
        return sb.toString();
    }

    private static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
