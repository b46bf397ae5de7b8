package dev.shallowpi.method;

import dev.shallowpi.method.selection.Budget;
import java.math.BigDecimal;

/**
 * One run of a sweep: the flag and value it came from, the folder it runs in ({@code relu-1.73},
 * {@code mac-1.5}, {@code latency-2}, {@code relu-budget-60000}; {@code snl} in a comparison), the budget itself and,
 * in a comparison of methods, the method (null: the sweep's own).
 */
public record SweepBudget(String name, String flag, String value, Budget budget, ReductionMethod method) {

    /** A budget of a sweep, with the sweep's method. */
    public SweepBudget(String name, String flag, String value, Budget budget) {
        this(name, flag, value, budget, null);
    }

    /** A method of a comparison, at its one budget, run in a folder named after it. */
    public static SweepBudget of(ReductionMethod m, Budget budget) {
        return new SweepBudget(m.cliName(), "--method", m.cliName(), budget, m);
    }

    /** The run's settings: the template's, with this budget and, in a comparison, this method. */
    ShallowSettings settings(ShallowSettings template) {
        ShallowSettings s = template.withBudget(budget);
        return method == null ? s : s.withMethod(method);
    }

    /** A budget named after its flag and value, as given (trailing zeros dropped: 2.0 and 2 are one budget). */
    public static SweepBudget of(String flag, Number value, Budget budget) {
        String v = new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        String prefix = switch (flag) {
            case "--relu-reduction" -> "relu";
            case "--relu-budget" -> "relu-budget";
            case "--mac-reduction" -> "mac";
            case "--latency-reduction" -> "latency";
            default -> throw new IllegalArgumentException("not a budget flag: " + flag);
        };
        return new SweepBudget(prefix + "-" + v, flag, v, budget);
    }
}
