package dev.shallowpi.results;

import java.util.Map;

/**
 * {@code shallowpi-run.json}, the first file a run writes in its folder: which command made the folder, with which
 * version of the tool, and every setting that shapes its result (flag and value as text, sorted), with their digest.
 * A later command reads it to refuse a folder of another kind or another run, and to continue a run as it started.
 */
public record RunMarker(int schemaVersion, String kind, String toolVersion, String settingsDigest,
                        Map<String, String> settings) {
}
