package dev.shallowpi.method;

/**
 * What a {@link Sweep} varies: the budget ({@code shallowpi sweep}: one method, one run per budget) or the method
 * ({@code shallowpi compare}: one budget, one run per method). Everything else, one teacher, one sensitivity
 * measurement, a folder per run, finished runs skipped on a rerun, the summary rewritten after each run, is the
 * same.
 *
 * @param jsonFile the summary's JSON file
 * @param csvFile  the summary's CSV file
 * @param listKey  the key of the runs in the JSON
 * @param noun     what one run is, in messages and the CSV's first column
 * @param what     what the whole is, in messages
 */
public record SweepKind(String jsonFile, String csvFile, String listKey, String noun, String what) {
    public static final SweepKind BUDGETS = new SweepKind("sweep.json", "sweep.csv", "budgets", "budget", "sweep");
    public static final SweepKind METHODS = new SweepKind("compare.json", "compare.csv", "methods", "method",
            "comparison");
}
