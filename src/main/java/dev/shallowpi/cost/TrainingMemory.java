package dev.shallowpi.cost;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;

/**
 * What training a batch holds in memory at least, to refuse a batch size no machine could run before anything is
 * allocated: every value of the graph (input included) for the batch, once forward and once as its gradient, in
 * float32. The engine needs more (weights, optimizer state, workspaces), so the figure is a floor, not an estimate.
 */
public final class TrainingMemory {
    private TrainingMemory() {
    }

    /** Bytes of the batch's values and their gradients; {@code Long.MAX_VALUE} when that overflows. */
    public static long floorBytes(Graph graph, int batch) {
        long perSample = graph.inputs().get(0).shape().elements();
        for (Node n : graph.nodes()) {
            perSample = saturatedAdd(perSample, graph.shape(n.name()).elements());
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(perSample, (long) batch), 2L * Float.BYTES);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
