package dev.shallowpi.report;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.results.SchemaVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON files a report is made from, read as the records of {@code dev.shallowpi.results}, with errors that name
 * the file and the key.
 */
final class ReportJson {
    /**
     * Lenient on keys the records do not know (files of older versions had a few others); strict on the values the
     * pages show, which the records require.
     */
    private static final ObjectMapper JSON = CostReport.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A file's version alone, checked before the rest is read: a later version's keys are not ours to judge. */
    private record Versioned(Integer schemaVersion) {
    }

    private ReportJson() {
    }

    /** The file as a record; one of a schema version this shallowpi does not read is refused, naming it. */
    static <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            throw new ReportException(file + ": missing");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException(file + ": not readable JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (!tree.isObject()) {
            throw new ReportException(file + ": not a JSON object");
        }
        dropNulls(tree);
        Integer version = bind(file, tree, Versioned.class).schemaVersion();
        try {
            SchemaVersion.check(version, file.toString());
        } catch (IllegalArgumentException e) {
            throw new ReportException(e.getMessage(), e);
        }
        return bind(file, tree, type);
    }

    private static <T> T bind(Path file, JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw unreadable(file, tree, e);
        } catch (IOException e) {
            throw new ReportException(file + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Removes every null value, so that a null counts as missing: one the page needs is refused by name rather than
     * read as zero or failing later (the records write null for what is absent, so nothing else changes).
     */
    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.properties().forEach(e -> {
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                }
            });
            o.remove(nulls);
        }
        node.forEach(ReportJson::dropNulls);
    }

    /** The error for a key the page needs that the file lacks. */
    static ReportException missing(Path file, String key) {
        return new ReportException(file + ": has no '" + key + "' (written by an older shallowpi? run the command"
                + " again)");
    }

    /**
     * A value the record could not take, named by its dotted key ({@code before.pi.onlineSeconds},
     * {@code budgets.2.relus}): missing when the file has nothing (or null) there, else of the wrong kind.
     */
    private static ReportException unreadable(Path file, JsonNode tree, JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        JsonPointer at = JsonPointer.empty();
        for (JsonMappingException.Reference r : e.getPath()) {
            String part = r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex());
            key.append(key.length() == 0 ? "" : ".").append(part);
            at = r.getFieldName() != null ? at.appendProperty(r.getFieldName()) : at.appendIndex(r.getIndex());
        }
        if (tree.at(at).isMissingNode()) {
            return missing(file, key.toString());
        }
        return new ReportException(file + ": '" + key + "' is not what this shallowpi reads there ("
                + firstLine(e.getOriginalMessage()) + ")", e);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
