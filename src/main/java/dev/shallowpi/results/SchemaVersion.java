package dev.shallowpi.results;

/**
 * The version of the JSON files a run writes ({@code report.json}, {@code plan.json}, {@code sensitivity.json},
 * {@code sweep.json}, {@code compare.json}). Files written before versions were recorded have none and read as 1:
 * their keys are the same. A file of a later version than this program knows is refused by name.
 */
public final class SchemaVersion {
    /** The version this program writes and the newest it reads. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    /**
     * Refuses a file of a version this program does not know ({@code null}: written before versions, read as 1).
     *
     * @param file what to name in the error
     */
    public static void check(Integer version, String file) {
        int v = version == null ? 1 : version;
        if (v < 1 || v > CURRENT) {
            throw new IllegalArgumentException(file + ": schemaVersion " + v + " is not one this shallowpi reads "
                    + "(it reads 1 to " + CURRENT + "); use the shallowpi that wrote it");
        }
    }
}
