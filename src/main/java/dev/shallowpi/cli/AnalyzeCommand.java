package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.report.PiReport;
import dev.shallowpi.zoo.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code shallowpi analyze}: what a model costs, per layer and in total. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Count ReLUs, MACs, parameters and depth of a model, per layer and in total; with "
                + "--pi-profile, estimate its private-inference time and traffic.")
public final class AnalyzeCommand implements Runnable {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    PiProfileOption piProfile;

    @Mixin
    Printing printing;

    @Override
    public void run() {
        // the profile first: a bad file is reported before any work
        PiProfile profile = piProfile.orNull();
        ChosenModel model = modelOptions.choose();
        ModelCost cost = CostAnalysis.of(model.graph());
        PrintWriter out = printing.out();
        if (printing.json) {
            ObjectNode root = CostReport.json(model.description(), cost);
            if (profile != null) {
                root.set("pi", PiReport.json(profile, PiEstimate.of(profile, cost)));
            }
            out.println(CostReport.toJsonString(root));
        } else {
            out.print(CostReport.table(model.title(), cost));
            if (profile != null) {
                out.print(PiReport.text(profile, PiEstimate.of(profile, cost)));
            }
        }
        out.flush();
    }

    static ObjectNode describe(ModelSpec m) {
        ObjectNode o = CostReport.mapper().createObjectNode();
        o.put("name", m.name());
        o.put("width", m.width());
        o.put("classes", m.classes());
        o.put("input", m.input().toString());
        return o;
    }

    static String title(ModelSpec m) {
        return m.name() + " width " + m.width() + ", " + m.classes() + " classes, input " + m.input()
                + " (counts per sample)";
    }
}
