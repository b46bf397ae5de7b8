package dev.shallowpi.fold;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.HardSigmoid;
import dev.shallowpi.ir.Mul;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Sigmoid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The usual private-inference practice for models with other nonlinearities than the ReLU: replace them by ReLUs
 * (a ReLU MobileNetV2) and let training recover what that changes. A capped ReLU (ReLU6) becomes the plain one, and
 * a self-gated activation, {@code x * sigmoid(x)} (SiLU) or {@code x * hardsigmoid(x)} (hard-swish), becomes
 * {@code relu(x)}. Gates of other values (squeeze-excitation's, computed from a pooled copy) are kept.
 */
public final class Activations {
    private Activations() {
    }

    /** {@code g} with those nonlinearities made ReLUs: the other nodes, names and weights as they are. */
    public static Graph toRelu(Graph g) {
        Map<String, String> gateOf = new HashMap<>();
        for (Node n : g.nodes()) {
            String gate = selfGate(g, n);
            if (gate != null) {
                gateOf.put(n.name(), gate);
            }
        }
        Set<String> gates = new HashSet<>(gateOf.values());
        List<Node> nodes = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            if (gates.contains(n.name())) {
                continue;
            }
            if (n.op() instanceof Relu r && r.capped()) {
                nodes.add(new Node(n.name(), new Relu(), n.inputs()));
            } else if (gateOf.containsKey(n.name())) {
                nodes.add(new Node(n.name(), new Relu(), List.of(n.inputs().get(0))));
            } else {
                nodes.add(n);
            }
        }
        return new Graph(g.inputs(), nodes, g.output());
    }

    /**
     * The gate node of a self-gated activation at {@code n} ({@code n} multiplies {@code x} by a sigmoid or hard
     * sigmoid of the same {@code x}, which nothing else reads), or null.
     */
    private static String selfGate(Graph g, Node n) {
        if (!(n.op() instanceof Mul)) {
            return null;
        }
        String x = n.inputs().get(0);
        String gate = n.inputs().get(1);
        if (!g.hasNode(gate) || g.consumers(gate).size() != 1) {
            return null;
        }
        Node gn = g.node(gate);
        boolean sigmoidLike = gn.op() instanceof Sigmoid || gn.op() instanceof HardSigmoid;
        return sigmoidLike && gn.inputs().get(0).equals(x) ? gate : null;
    }
}
