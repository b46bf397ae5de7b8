package dev.shallowpi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Outputs checked before any work: a folder is created if need be and must take a file (a probe is written and
 * removed); a file's folder likewise, and the file must not be a folder. Each failure names the flag and the path.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    static void requireWritableFolder(Path dir, String flag) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(flag + " " + dir + ": is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new UserError(flag + " " + dir + ": cannot create the folder (" + reason(e) + ")", e);
        }
        Path probe = dir.resolve(".shallowpi-probe-" + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UserError(flag + " " + dir + ": cannot write in the folder (" + reason(e) + ")", e);
        }
    }

    static void requireWritableFile(Path file, String flag) {
        if (Files.isDirectory(file)) {
            throw new UserError(flag + " " + file + ": is a folder, not a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                requireWritableFolder(parent, flag);
            } catch (UserError e) {
                // the user named the file: the message does too, then says what is wrong with its folder
                throw new UserError(flag + " " + file + ": " + e.getMessage().substring(flag.length() + 1),
                        e.getCause());
            }
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}
