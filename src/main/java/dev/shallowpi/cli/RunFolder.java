package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.report.CostReport;
import dev.shallowpi.results.RunMarker;
import dev.shallowpi.results.SchemaVersion;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The folder a run writes in, claimed before any work: it must be writable; it may be new, empty, or hold only what
 * a run left before producing anything; or it holds a run of the same kind, which is continued with exactly its
 * settings (with {@code --resume}, or by running a sweep or comparison again). Another kind of run, or a finished
 * one without {@code --resume}, is refused by name, so that nothing a user has is overwritten. The claim writes the
 * marker first and removes the temporary files a killed run left.
 */
final class RunFolder {
    static final String MARKER = "shallowpi-run.json";

    private RunFolder() {
    }

    /** What the claim found: a new run, or one being continued (its settings already put back into the flags). */
    enum Claim { NEW, CONTINUED }

    static Claim claim(CommandSpec spec, RunKind kind, Path out, boolean resume) {
        OutputPaths.requireWritableFolder(out, "--out");
        Path markerFile = out.resolve(MARKER);
        RunMarker stored = read(markerFile);
        RunKind found = stored != null ? RunKind.named(stored.kind()) : RunKind.recognise(out);
        if (stored != null && found == null) {
            throw new UserError("--out " + out + " holds a run of kind '" + stored.kind() + "' (" + markerFile
                    + ") that this shallowpi does not know; choose another folder");
        }
        boolean produced = found != null && found.heldIn(out);
        Claim claim;
        if (!produced) {
            if (resume) {
                throw new UserError("--resume: " + out + " holds no " + kind.name() + " run to continue"
                        + (stored != null ? " (it stopped before saving anything: run it again without --resume)"
                        : ""));
            }
            claim = Claim.NEW;
        } else if (found != kind) {
            throw new UserError("--out " + out + " holds a " + found.name() + " run; a " + kind.name()
                    + " writes a folder of its own: choose another folder");
        } else if (!resume && !kind.continues()) {
            throw new UserError("--out " + out + " already holds a " + kind.name() + " run; pass --resume to "
                    + "continue it, or choose another folder");
        } else {
            if (stored != null) {
                StoredFlags.restore(spec, spec.commandLine().getParseResult(), stored.settings(), kind.unitFlags(),
                        markerFile);
            }
            claim = Claim.CONTINUED;
        }
        try {
            AtomicFiles.removeStale(out);
            Map<String, String> settings = StoredFlags.of(spec, kind.unitFlags());
            RunMarker marker = new RunMarker(SchemaVersion.CURRENT, kind.name(), ShallowPiCommand.VERSION,
                    digest(settings), settings);
            AtomicFiles.writeString(markerFile, CostReport.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(marker) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + out + ": " + e.getMessage(), e);
        }
        return claim;
    }

    /** The folder's marker, or null when it has none; a damaged one or one of a later version is refused. */
    static RunMarker read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunMarker m = new ObjectMapper().readValue(file.toFile(), RunMarker.class);
            SchemaVersion.check(m.schemaVersion(), file.toString());
            if (m.kind() == null || m.settings() == null) {
                throw new UserError(file + ": not a run marker (no kind or settings)");
            }
            return m;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(file + ": not a run marker this shallowpi reads (" + e.getMessage().lines()
                    .findFirst().orElse("") + ")", e);
        }
    }

    private static String digest(Map<String, String> settings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            settings.forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
