package dev.shallowpi.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shallowpi.results.SchemaVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON files a report is made from, read with errors that name the file and the missing key. */
final class ReportJson {
    private ReportJson() {
    }

    /** The file's tree; one of a schema version this shallowpi does not read is refused, naming it. */
    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ReportException(file + ": missing");
        }
        try {
            JsonNode root = CostReport.mapper().readTree(file.toFile());
            JsonNode version = root.path("schemaVersion");
            SchemaVersion.check(version.isIntegralNumber() ? version.asInt() : null, file.toString());
            return root;
        } catch (IllegalArgumentException e) {
            throw new ReportException(e.getMessage());
        } catch (IOException e) {
            throw new ReportException(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + ")", e);
        }
    }

    /**
     * The node at a dotted path ({@code before.pi.onlineSeconds}, {@code budgets.2.relus} for an array element);
     * a missing one names the file and path.
     */
    static JsonNode at(JsonNode root, String path, Path file) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.isArray() && part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        if (n == null || n.isNull() || n.isMissingNode()) {
            throw new ReportException(file + ": has no '" + path + "' (written by an older shallowpi? run the command"
                    + " again)");
        }
        return n;
    }
}
