package dev.shallowpi.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The commands that make a run folder, with what they leave in it and how a second command on the folder behaves.
 *
 * @param name       the command, as the marker records it
 * @param results    files (relative to the folder) whose presence means the run has produced something to keep;
 *                   also how a folder written before markers existed is recognised
 * @param unitFlags  flags that list the units of a sweep or comparison: a rerun may add to them
 * @param continues  whether running the command again on its own folder continues it without {@code --resume}
 */
record RunKind(String name, List<String> results, Set<String> unitFlags, boolean continues) {
    static final RunKind TRAIN = new RunKind("train", List.of("checkpoint.zip", "metrics.json"), Set.of(), false);
    // sensitivity.json: a run stopped after --sensitivity-only (or killed before fine-tuning) has measured something
    static final RunKind SHALLOW = new RunKind("shallow", List.of("student/checkpoint.zip", "report.json",
            "sensitivity.json"), Set.of(), false);
    static final RunKind SWEEP = new RunKind("sweep", List.of("sweep.json"), Set.of("--relu-reduction",
            "--relu-budget", "--mac-reduction", "--latency-reduction"), true);
    static final RunKind COMPARE = new RunKind("compare", List.of("compare.json"), Set.of("--methods"), true);

    /** An ONNX model read into a checkpoint folder: no run to continue, and never recognised without a marker. */
    static final RunKind IMPORT = new RunKind("import", List.of("checkpoint.zip"), Set.of(), false);

    static final List<RunKind> ALL = List.of(TRAIN, SHALLOW, SWEEP, COMPARE, IMPORT);

    /** Whether the folder holds this kind's results. */
    boolean heldIn(Path dir) {
        return results.stream().anyMatch(f -> Files.exists(dir.resolve(f)));
    }

    /** The kind whose results a folder without a marker holds (written before markers), or null. */
    static RunKind recognise(Path dir) {
        // a sweep's and a comparison's unit folders hold shallow runs, so the summaries are looked for first
        for (RunKind k : List.of(SWEEP, COMPARE, TRAIN, SHALLOW)) {
            if (k.heldIn(dir)) {
                return k;
            }
        }
        return null;
    }

    /** {@code a train run}, {@code an import}: the kind as messages name it. */
    String described() {
        return this == IMPORT ? "an imported model" : "a " + name + " run";
    }

    static RunKind named(String name) {
        return ALL.stream().filter(k -> k.name.equals(name)).findFirst().orElse(null);
    }
}
