package dev.shallowpi.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The accuracy-cost Pareto front: the points no other point beats on both (less cost, more accuracy). */
final class Pareto {
    private Pareto() {
    }

    /** Indices of the front, by increasing cost. */
    static List<Integer> front(List<double[]> costAccuracy) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < costAccuracy.size(); i++) {
            order.add(i);
        }
        // by cost, and at equal cost the more accurate first, so that it is the one kept
        order.sort(Comparator.comparingDouble((Integer i) -> costAccuracy.get(i)[0])
                .thenComparingDouble(i -> -costAccuracy.get(i)[1]));
        List<Integer> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            if (costAccuracy.get(i)[1] > best) {
                front.add(i);
                best = costAccuracy.get(i)[1];
            }
        }
        return front;
    }
}
