package dev.shallowpi.method;

import java.math.BigDecimal;

/**
 * One budget of a sweep: the flag and value it came from, the folder it runs in ({@code relu-1.73},
 * {@code mac-1.5}, {@code latency-2}, {@code relu-budget-60000}) and the budget itself.
 */
public record SweepBudget(String name, String flag, String value, Budget budget) {

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
