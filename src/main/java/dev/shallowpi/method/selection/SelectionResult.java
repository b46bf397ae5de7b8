package dev.shallowpi.method.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * The candidates chosen, in graph order, and what the student is predicted to cost as deployed.
 *
 * @param search           how the candidates were chosen
 * @param pool             how many candidates the search considered (those that can move a target)
 * @param totalSensitivity sum of the chosen candidates' sensitivities (NaN when named without sensitivities)
 */
public record SelectionResult(List<Candidate> selected, KernelMode mode, Search search, int pool, Costs costs,
                              double totalSensitivity) {

    /** What the teacher costs, and what the student is predicted to cost as deployed. */
    public record Costs(StudentCost teacher, StudentCost student) {
    }

    public StudentCost teacher() {
        return costs.teacher();
    }

    public StudentCost student() {
        return costs.student();
    }

    /** Which way the selection was made. */
    public enum Search {
        /** Every subset of the pool: the least total sensitivity that meets the budget. */
        EXACT,
        /** Least sensitivity per unit of progress first, then redundant choices dropped: pools too large to enumerate. */
        GREEDY,
        /** Named by the user ({@code --blocks}). */
        NAMED
    }

    public SelectionResult {
        selected = List.copyOf(selected);
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(selected.size());
        for (Candidate c : selected) {
            n.add(c.relu());
        }
        return n;
    }

    /** Teacher ReLUs / student ReLUs. */
    public double reluReduction() {
        return student().reluReductionFrom(teacher());
    }

    /** Teacher MACs / student MACs (below 1 when MACs went up). */
    public double macReduction() {
        return student().macReductionFrom(teacher());
    }

    /** One line for logs and reports: {@code exact search over 17 candidates}. */
    public String describeSearch() {
        switch (search) {
            case EXACT:
                return "exact search over " + pool + " candidates (" + (1L << pool) + " subsets)";
            case GREEDY:
                return "greedy search over " + pool + " candidates (too many to enumerate)";
            default:
                return "named: " + String.join(", ", names());
        }
    }
}
