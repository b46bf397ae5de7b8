package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.AtomicFiles;
import dev.shallowpi.method.SweepPart;
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
 * The folder a run writes in, claimed before any work in two steps. {@link #inspect} reads it: it may be new, empty,
 * or hold only what a run left before producing anything; or it holds a run of the same kind, which is continued with
 * exactly its settings (with {@code --resume}, or by running a sweep or comparison again). Another kind of run, or a
 * finished one without {@code --resume}, is refused by name, so that nothing a user has is overwritten. Once the
 * command has checked its flags, {@link #mark} checks that the folder takes files, writes the marker first and
 * removes the temporary files a killed run left.
 */
final class RunFolder {
    static final String MARKER = "shallowpi-run.json";

    private RunFolder() {
    }

    /** What the folder holds for the command: room for a new run, or the run to continue. */
    enum Claim { NEW, CONTINUED }

    /**
     * Reads the folder without writing to it: refuses it when it holds another kind of run, or a run this command
     * may not continue; for one it continues, puts the stored settings back into the flags not given and refuses
     * a given flag that differs. The command checks its flags after this and then calls {@link #mark}.
     */
    static Claim inspect(CommandSpec spec, RunKind kind, Path out, boolean resume) {
        refuseInsideAnotherRun(out);
        Path markerFile = out.resolve(MARKER);
        RunMarker stored = read(markerFile);
        RunKind found = stored != null ? RunKind.named(stored.kind()) : RunKind.recognise(out);
        if (stored != null && found == null) {
            throw new UserError("--out " + out + " holds a run of kind '" + stored.kind() + "' (" + markerFile
                    + ") that this shallowpi does not know; choose another folder");
        }
        // another kind's folder is refused even before that run produced anything: its marker says whose it is
        if (found != null && found != kind) {
            throw new UserError("--out " + out + " holds " + found.described() + "; " + kind.described()
                    + " writes a folder of its own: choose another folder");
        }
        if (found == null || !found.heldIn(out)) {
            if (resume) {
                throw new UserError("--resume: " + out + " holds no " + kind.name() + " run to continue"
                        + (stored != null ? " (it stopped before saving anything: run it again without --resume)"
                        : ""));
            }
            return Claim.NEW;
        }
        if (!resume && !kind.continues()) {
            boolean resumable = spec.findOption("--resume") != null;
            throw new UserError("--out " + out + " already holds " + kind.described() + (resumable
                    ? "; pass --resume to continue it, or choose another folder" : "; choose another folder"));
        }
        if (stored != null) {
            StoredFlags.restore(spec, spec.commandLine().getParseResult(), stored.settings(), kind.unitFlags(),
                    markerFile);
        }
        return Claim.CONTINUED;
    }

    /**
     * Refuses an output folder inside another run's folder (the student of a shallow run, a unit of a sweep): a
     * command there would write into that run, which continues only through its own command. Any folder above with
     * a marker counts; a run written before markers is recognised by its files in the folder just above only (a
     * {@code metrics.json} higher up may be anyone's).
     */
    private static void refuseInsideAnotherRun(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        for (Path up = abs.getParent(); up != null; up = up.getParent()) {
            RunMarker m = Files.isRegularFile(up.resolve(MARKER)) ? read(up.resolve(MARKER)) : null;
            RunKind k = m != null ? RunKind.named(m.kind()) : up.equals(abs.getParent()) ? RunKind.recognise(up)
                    : null;
            if (m != null || k != null) {
                String what = k != null ? k.described() : "a run of kind '" + m.kind() + "'";
                throw new UserError("--out " + out + " lies inside " + what + " (" + up + "), which only its own "
                        + "command continues: choose a folder outside it");
            }
        }
    }

    /**
     * Makes the folder the command's, before any data is read: checks that it takes files, removes the temporary
     * files a killed run left, and writes the marker with the command's settings as they now are.
     */
    static void mark(CommandSpec spec, RunKind kind, Path out) {
        mark(spec, kind, out, SweepPart.ALL);
    }

    /**
     * As {@link #mark(CommandSpec, RunKind, Path)}, for a part of a job array: a unit leaves the temporary files
     * alone, since the units running beside it write theirs in the same tree.
     */
    static void mark(CommandSpec spec, RunKind kind, Path out, SweepPart part) {
        OutputPaths.requireWritableFolder(out, "--out");
        try {
            if (part.writesSummary()) {
                AtomicFiles.removeStale(out);
            }
            Map<String, String> settings = StoredFlags.of(spec, kind.unitFlags());
            RunMarker marker = new RunMarker(SchemaVersion.CURRENT, kind.name(), ShallowPiCommand.VERSION,
                    digest(settings), settings);
            AtomicFiles.writeString(out.resolve(MARKER), CostReport.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(marker) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("--out " + out + ": cannot write (" + e + ")", e);
        }
    }

    /** The folder's marker, or null when it has none; a damaged one or one of a later version is refused. */
    static RunMarker read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunMarker m = CostReport.mapper().readValue(file.toFile(), RunMarker.class);
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
