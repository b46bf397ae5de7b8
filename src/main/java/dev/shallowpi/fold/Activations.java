package dev.shallowpi.fold;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.ArrayList;
import java.util.List;

/**
 * The usual private-inference practice for models with other nonlinearities than the ReLU: replace them by ReLUs
 * (a ReLU MobileNetV2) and let training recover what that changes. Today the only other kind the IR has is the
 * capped ReLU (ReLU6), which becomes the plain one.
 */
public final class Activations {
    private Activations() {
    }

    /** {@code g} with every nonlinearity a plain ReLU: same nodes, names and weights otherwise. */
    public static Graph toRelu(Graph g) {
        List<Node> nodes = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            nodes.add(n.op() instanceof Relu r && r.capped() ? new Node(n.name(), new Relu(), n.inputs()) : n);
        }
        return new Graph(g.inputs(), nodes, g.output());
    }

    /** How many nodes {@link #toRelu} changes. */
    public static int replaced(Graph g) {
        return (int) g.nodes().stream().filter(n -> n.op() instanceof Relu r && r.capped()).count();
    }
}
