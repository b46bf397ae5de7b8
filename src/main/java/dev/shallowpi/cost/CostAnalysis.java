package dev.shallowpi.cost;

import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Counts what a graph costs, per node and in total. */
public final class CostAnalysis {
    private CostAnalysis() {
    }

    public static ModelCost of(Graph graph) {
        List<LayerCost> layers = new ArrayList<>(graph.nodes().size());
        long relus = 0;
        long macs = 0;
        long params = 0;
        int reluLayers = 0;
        int convs = 0;
        Map<String, Long> nonlinearities = new TreeMap<>();
        for (Node node : graph.nodes()) {
            Shape out = graph.shape(node.name());
            LayerCost c = new LayerCost(node.name(), node.op().kind(), node.op().describe(), out,
                    OpCosts.relus(node.op(), out), OpCosts.macs(node.op(), out), OpCosts.params(node.op()));
            layers.add(c);
            relus += c.relus();
            macs += c.macs();
            params += c.params();
            reluLayers += node.op() instanceof Relu ? 1 : 0;
            String kind = OpCosts.nonlinearity(node.op());
            if (kind != null) {
                nonlinearities.merge(kind, out.elements(), Long::sum);
            }
            convs += node.op() instanceof Conv2d ? 1 : 0;
        }
        return new ModelCost(layers, relus, macs, params,
                longestPath(graph, n -> n.op() instanceof Relu),
                longestPath(graph, n -> OpCosts.nonlinearity(n.op()) != null),
                longestPath(graph, n -> OpCosts.isLinearLayer(n.op())),
                reluLayers, convs, nonlinearities);
    }

    /** Most nodes satisfying {@code counted} on any path from an input to the output. */
    public static int longestPath(Graph graph, Predicate<Node> counted) {
        Map<String, Integer> depth = new HashMap<>();
        for (Input in : graph.inputs()) {
            depth.put(in.name(), 0);
        }
        for (Node node : graph.nodes()) {
            int d = 0;
            for (String src : node.inputs()) {
                d = Math.max(d, depth.get(src));
            }
            depth.put(node.name(), d + (counted.test(node) ? 1 : 0));
        }
        return depth.get(graph.output());
    }
}
