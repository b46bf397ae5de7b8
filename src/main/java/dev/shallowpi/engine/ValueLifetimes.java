package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Input;
import dev.shallowpi.ir.Node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Frees each activation of an evaluation forward as soon as its last reader has run, as PyTorch's reference counting
 * does, instead of holding every one until the step's manager closes: the allocator then hands the next node the
 * memory just freed, still in cache, and a forward's footprint is its widest point rather than its sum. Training
 * forwards keep theirs (backward reads them). Ops that return their input (identity, a folded BN) share one array
 * under two names, so an array is closed only when no live name holds it; graph inputs (the caller's) and the
 * output are never closed here.
 */
final class ValueLifetimes {
    /** For each node index, the values whose last reader it is (graph inputs and the output excluded). */
    private final List<List<String>> lastReadAt;

    ValueLifetimes(Graph graph) {
        Map<String, Integer> last = new HashMap<>();
        List<Node> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                last.put(in, i);
            }
        }
        for (Input in : graph.inputs()) {
            last.remove(in.name());
        }
        last.remove(graph.output());
        lastReadAt = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            lastReadAt.add(new ArrayList<>());
        }
        last.forEach((value, i) -> lastReadAt.get(i).add(value));
    }

    /** One forward's bookkeeping: how many live names hold each array. */
    final class Forward {
        private final Map<String, NDArray> values;
        private final Map<NDArray, Integer> holders = new IdentityHashMap<>();

        Forward(Map<String, NDArray> values) {
            this.values = values;
            values.values().forEach(a -> holders.merge(a, 1, Integer::sum));
        }

        /** Records node {@code i}'s output, then frees what no later node reads. */
        void produced(int i, String name, NDArray y) {
            values.put(name, y);
            holders.merge(y, 1, Integer::sum);
            for (String done : new LinkedHashSet<>(lastReadAt.get(i))) {
                NDArray a = values.remove(done);
                if (a != null && holders.merge(a, -1, Integer::sum) == 0) {
                    holders.remove(a);
                    a.close();
                }
            }
        }
    }
}
