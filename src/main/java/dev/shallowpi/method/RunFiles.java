package dev.shallowpi.method;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.SchemaVersion;
import dev.shallowpi.results.Sensitivity;
import dev.shallowpi.settings.Setting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A run's JSON files: records written atomically, and read back by type with their schema version checked. */
final class RunFiles {
    static final String PLAN = "plan.json";
    static final String SENSITIVITY = "sensitivity.json";
    static final String REPORT = "report.json";

    private RunFiles() {
    }

    /** Writes {@code value} as JSON to {@code file}, replacing any earlier file atomically. */
    static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, Checkpoint.json().writeValueAsString(value));
    }

    static Plan readPlan(Path dir) throws IOException {
        Path file = dir.resolve(PLAN);
        Plan p = read(file, Plan.class);
        checkVersion(p.schemaVersion(), file);
        return p;
    }

    static Sensitivity readSensitivity(Path file) throws IOException {
        Sensitivity s = read(file, Sensitivity.class);
        checkVersion(s.schemaVersion(), file);
        return s;
    }

    /** Refuses a file of a schema version this shallowpi does not read, naming it. */
    static void checkVersion(Integer version, Path file) {
        try {
            SchemaVersion.check(version, file.toString());
        } catch (IllegalArgumentException e) {
            throw new RunFileException(e.getMessage());
        }
    }

    private static <T> T read(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RunFileException(file, ": missing; cannot resume (run without ", Setting.RESUME, ")");
        }
        try {
            return Checkpoint.json().readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            throw new RunFileException(file + ": not a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " file this shallowpi reads (" + e.getOriginalMessage() + ")");
        }
    }
}
