package dev.shallowpi.method.selection;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Chooses which candidates to remove under a {@link Budget}, given each candidate's sensitivity (lower is safer
 * to remove). Costs are those of the deployed student under the kernel mode ({@link CostModel}); a latency
 * target is the estimated online PI latency of those costs under the budget's profile. The candidates that can
 * move a target form the pool (removal-only ones cannot move a MAC target); a pool of at most
 * 20 is searched exactly ({@link ExactSearch}: least total sensitivity that meets
 * the budget), a larger one greedily ({@link GreedySearch}: least sensitivity per unit of cost saved first). The
 * result says which ran. A budget no selection meets is a {@link BudgetException} stating the best reachable
 * value.
 */
public final class Selection {
    private Selection() {
    }

    public static SelectionResult select(Graph teacher, List<Candidate> candidates, Map<String, Double> sensitivity,
                                         Budget budget, KernelMode mode) {
        return select(new CostModel(teacher), candidates, sensitivity, budget, mode, ExactSearch.DEFAULT_LIMIT);
    }

    /** The same, reusing a cost model of the teacher. */
    public static SelectionResult select(CostModel model, List<Candidate> candidates, Map<String, Double> sensitivity,
                                         Budget budget, KernelMode mode) {
        return select(model, candidates, sensitivity, budget, mode, ExactSearch.DEFAULT_LIMIT);
    }

    /**
     * The best selection that holds every candidate named in {@code required} (the re-measured greedy selection
     * commits candidates one at a time); each must be in the search's pool.
     */
    public static SelectionResult selectIncluding(Graph teacher, List<Candidate> candidates,
                                                  Map<String, Double> sensitivity, Budget budget, KernelMode mode,
                                                  java.util.Set<String> required) {
        return select(new CostModel(teacher), candidates, sensitivity, budget, mode,
                new Search(ExactSearch.DEFAULT_LIMIT, required));
    }

    /**
     * How a search runs: the largest pool searched exactly (0 forces the greedy search, for tests), and the
     * candidates every choice must hold.
     */
    record Search(int exactLimit, java.util.Set<String> required) {
    }

    /** The same with the largest pool searched exactly chosen (0 forces the greedy search, for tests). */
    static SelectionResult select(CostModel model, List<Candidate> candidates, Map<String, Double> sensitivity,
                                  Budget budget, KernelMode mode, int exactLimit) {
        return select(model, candidates, sensitivity, budget, mode, new Search(exactLimit, java.util.Set.of()));
    }

    static SelectionResult select(CostModel model, List<Candidate> candidates, Map<String, Double> sensitivity,
                                  Budget budget, KernelMode mode, Search search) {
        java.util.Set<String> required = search.required();
        Targets targets = new Targets(budget, model.teacher());
        if (budget.isNamed()) {
            List<Candidate> named = resolve(candidates, budget.blocks());
            StudentCost student = model.predict(named, mode);
            double latency = targets.hasLatency() ? student.onlineSeconds(targets.profile) : Double.NaN;
            if (!targets.met(new Point(student.relus(), student.macs(), latency))) {
                throw new BudgetException(Setting.BLOCKS, " " + String.join(",", names(named)) + " give "
                        + reached(model.teacher(), student, targets) + ", short of the " + budget.describeTargets()
                        + " asked under ", Setting.KERNEL, " " + mode.cliName());
            }
            return new SelectionResult(named, mode, SelectionResult.Search.NAMED, named.size(),
                    new SelectionResult.Costs(model.teacher(), student), total(named, sensitivity));
        }
        List<Candidate> pool = new ArrayList<>();
        for (Candidate c : candidates) {
            // removal-only candidates save ReLUs and depth, never MACs
            if (budget.hasReluTarget() || budget.hasLatencyTarget() || c.isMerge()) {
                pool.add(c);
            }
        }
        double[] sens = sensitivities(pool, sensitivity);
        SubsetCosts costs = new SubsetCosts(model, pool, mode);
        boolean exact = pool.size() <= search.exactLimit();
        boolean[] needed = new boolean[pool.size()];
        int held = 0;
        for (int i = 0; i < needed.length; i++) {
            needed[i] = required.contains(pool.get(i).relu());
            held += needed[i] ? 1 : 0;
        }
        if (held != required.size()) {
            throw new IllegalArgumentException("required candidates outside the search's pool: " + required);
        }
        SearchOutcome found = exact ? ExactSearch.run(costs, targets, sens, needed)
                : GreedySearch.run(costs, targets, sens, needed);
        if (found.chosen() == null) {
            throw new BudgetException(unreachable(budget, targets, found, mode, exact, pool.size()));
        }
        List<Candidate> chosen = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            if (found.chosen()[i]) {
                chosen.add(pool.get(i));
            }
        }
        return new SelectionResult(chosen, mode, exact ? SelectionResult.Search.EXACT : SelectionResult.Search.GREEDY,
                pool.size(), new SelectionResult.Costs(model.teacher(), model.predict(chosen, mode)),
                total(chosen, sensitivity));
    }

    /**
     * The candidates named on the command line, in graph order: a ReLU node's name, or a block prefix
     * ({@code layer1.0}), which means the merge candidates under it, or its removal-only ones when it has no
     * merge candidate (a VGG stage's last ReLU).
     */
    public static List<Candidate> resolve(List<Candidate> candidates, List<String> names) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            List<Candidate> under = new ArrayList<>();
            List<Candidate> mergesUnder = new ArrayList<>();
            boolean exactMatch = false;
            for (Candidate c : candidates) {
                if (c.relu().equals(name)) {
                    chosen.add(c.relu());
                    exactMatch = true;
                } else if (c.relu().startsWith(name + ".")) {
                    under.add(c);
                    if (c.isMerge()) {
                        mergesUnder.add(c);
                    }
                }
            }
            if (exactMatch) {
                continue;
            }
            if (under.isEmpty()) {
                throw new SettingException(Setting.BLOCKS, ": '" + name + "' is neither a candidate ReLU nor a block"
                        + " holding one; candidates: " + abbreviated(names(candidates)));
            }
            for (Candidate c : mergesUnder.isEmpty() ? under : mergesUnder) {
                chosen.add(c.relu());
            }
        }
        List<Candidate> ordered = new ArrayList<>();
        for (Candidate c : candidates) {
            if (chosen.contains(c.relu())) {
                ordered.add(c);
            }
        }
        return ordered;
    }

    private static double[] sensitivities(List<Candidate> pool, Map<String, Double> sensitivity) {
        double[] s = new double[pool.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            Double v = sensitivity.get(pool.get(i).relu());
            if (v == null || v.isNaN()) {
                missing.add(pool.get(i).relu());
                continue;
            }
            // A removal that seemed to help (an accuracy "drop" below 0) counts as free, not as a reward:
            // a negative score would pull candidates into the exact search beyond what the budget needs.
            s[i] = Math.max(0, v);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no sensitivity for " + abbreviated(missing));
        }
        return s;
    }

    private static double total(List<Candidate> chosen, Map<String, Double> sensitivity) {
        double t = 0;
        for (Candidate c : chosen) {
            Double v = sensitivity.get(c.relu());
            if (v == null) {
                return Double.NaN;
            }
            t += v;
        }
        return t;
    }

    /** The message of an unmet budget: which target is out of reach, and the best value that can be reached. */
    private static Object[] unreachable(Budget budget, Targets targets, SearchOutcome found, KernelMode mode,
                                        boolean exact, int pool) {
        String how = exact ? "" : " (greedy search over " + pool + " candidates; an exact search might reach a"
                + " little more)";
        Object[] kernel = {" under ", Setting.KERNEL, " " + mode.cliName()};
        if (targets.hasRelu() && !targets.reluMet(found.minRelus())) {
            double best = StudentCost.ratio(targets.teacherRelus, found.minRelus());
            boolean byRatio = budget.reluReduction() != null
                    && (budget.reluBudget() == null || targets.allowedRelus < budget.reluBudget());
            Object[] asked = byRatio ? new Object[] {Setting.RELU_REDUCTION, " " + Budget.ratio(budget.reluReduction())}
                    : new Object[] {Setting.RELU_BUDGET, " " + budget.reluBudget()};
            return parts(asked, " is out of reach: removing every candidate gives at most "
                    + reachable(best, budget.reluReduction()) + " (" + found.minRelus() + " of " + targets.teacherRelus
                    + " ReLUs left)");
        }
        if (targets.hasMac() && !targets.macMet(found.minMacs())) {
            return parts(Setting.MAC_REDUCTION, " " + Budget.ratio(budget.macReduction()) + " is out of reach", kernel,
                    ": the best selection gives at most "
                    + reachable(StudentCost.ratio(targets.teacherMacs, found.minMacs()), budget.macReduction()) + how);
        }
        if (targets.hasLatency() && !targets.latencyMet(found.minLatency())) {
            return parts(Setting.LATENCY_REDUCTION, " " + Budget.ratio(budget.latencyReduction()) + " under "
                    + targets.profile.name() + " is out of reach", kernel, ": the best selection gives at most "
                    + reachable(targets.teacherLatency / found.minLatency(), budget.latencyReduction())
                    + String.format(Locale.ROOT, " (estimated online %.3g s, the teacher's %.3g s)",
                    found.minLatency(), targets.teacherLatency) + how);
        }
        if (targets.hasLatency()) {
            return parts(budget.describeTargets() + " cannot all be met", kernel, ": each is reachable alone, not"
                    + " together" + how);
        }
        String best = found.minMacsMeetingRelu() == Long.MAX_VALUE ? "no selection found meets the ReLU target"
                : "meeting the ReLU target, the MAC reduction is at most "
                + Budget.ratio(StudentCost.ratio(targets.teacherMacs, found.minMacsMeetingRelu()));
        return parts(budget.describeTargets() + " cannot both be met", kernel, ": " + best + how);
    }

    /** Message parts in order, the parts of a nested array in its place. */
    private static Object[] parts(Object... xs) {
        List<Object> out = new ArrayList<>();
        for (Object x : xs) {
            if (x instanceof Object[] nested) {
                out.addAll(Arrays.asList(nested));
            } else {
                out.add(x);
            }
        }
        return out.toArray();
    }

    /** The best ratio, with more digits when two would print it as the ratio asked for (1.7296x, not 1.73x). */
    private static String reachable(double best, Double asked) {
        String text = Budget.ratio(best);
        return asked != null && text.equals(Budget.ratio(asked)) ? String.format(Locale.ROOT, "%.4fx", best) : text;
    }

    private static String reached(StudentCost teacher, StudentCost student, Targets targets) {
        String latency = targets.hasLatency() ? " and latency reduction " + Budget.ratio(
                teacher.onlineSeconds(targets.profile) / student.onlineSeconds(targets.profile)) : "";
        return "ReLU reduction " + Budget.ratio(student.reluReductionFrom(teacher)) + " (" + student.relus()
                + " ReLUs) and MAC reduction " + Budget.ratio(student.macReductionFrom(teacher)) + latency;
    }

    private static List<String> names(List<Candidate> candidates) {
        List<String> n = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            n.add(c.relu());
        }
        return n;
    }

    private static String abbreviated(List<String> names) {
        int shown = Math.min(names.size(), 12);
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + ", ... (" + names.size() + " in all)" : list;
    }
}
