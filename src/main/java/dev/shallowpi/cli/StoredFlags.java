package dev.shallowpi.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A command's settings as flag and text, to be stored with a run and put back when it continues: every option the
 * command has, less those that say where files are and how to print, which do not shape a result.
 */
final class StoredFlags {
    /**
     * Where outputs go, how the command prints, where the data lies (a moved data folder is the same data), and which
     * part of a job array runs and where ({@link SweepPartOptions}).
     */
    private static final Set<String> NOT_SHAPING = Set.of("--out", "--resume", "--quiet", "--json", "--verbose",
            "--help", "--version", "--data-dir", "--prepare", "--unit", "--collect", "--executor");

    private StoredFlags() {
    }

    /** Each shaping option's value as text (an option without a value is left out), sorted by flag. */
    static Map<String, String> of(CommandSpec spec, Set<String> excluded) {
        Map<String, String> m = new TreeMap<>();
        for (OptionSpec o : spec.options()) {
            String flag = o.longestName();
            Object v = o.getValue();
            if (!NOT_SHAPING.contains(flag) && !excluded.contains(flag) && v != null) {
                m.put(flag, text(v));
            }
        }
        return m;
    }

    /**
     * Puts the stored values back into every option not given, and refuses a given option whose value differs from
     * the stored one (or that the stored run did not have), naming the flag, both values and the marker file.
     */
    static void restore(CommandSpec spec, ParseResult given, Map<String, String> stored, Set<String> excluded,
                        Path marker) {
        Map<String, String> now = of(spec, excluded);
        for (OptionSpec o : spec.options()) {
            String flag = o.longestName();
            if (NOT_SHAPING.contains(flag) || excluded.contains(flag)) {
                continue;
            }
            String was = stored.get(flag);
            if (given.hasMatchedOption(o)) {
                if (!java.util.Objects.equals(was, now.get(flag))) {
                    throw new UserError(flag + " " + now.get(flag) + " differs from the run's " + (was == null
                            ? "(not given)" : was) + " (" + marker + "); a continued run keeps its settings: leave "
                            + flag + " out, or choose another --out");
                }
            } else if (was != null) {
                o.setValue(parse(o, was, marker));
            }
        }
    }

    private static String text(Object v) {
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            c.forEach(e -> parts.add(String.valueOf(e)));
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    private static Object parse(OptionSpec o, String text, Path marker) {
        try {
            if (List.class.isAssignableFrom(o.type())) {
                Class<?> element = o.auxiliaryTypes()[0];
                List<Object> out = new ArrayList<>();
                for (String part : text.split(",", -1)) {
                    out.add(scalar(element, part));
                }
                return out;
            }
            return scalar(o.type(), text);
        } catch (IllegalArgumentException e) {
            throw new UserError(marker + ": " + o.longestName() + " '" + text + "' cannot be read back ("
                    + e.getMessage() + ")");
        }
    }

    private static Object scalar(Class<?> type, String text) {
        if (type == int.class || type == Integer.class) {
            return Integer.valueOf(text);
        } else if (type == long.class || type == Long.class) {
            return Long.valueOf(text);
        } else if (type == double.class || type == Double.class) {
            return Double.valueOf(text);
        } else if (type == boolean.class || type == Boolean.class) {
            return Boolean.valueOf(text);
        } else if (type == Path.class) {
            return Path.of(text);
        } else if (type == String.class) {
            return text;
        }
        throw new IllegalArgumentException("no reader for " + type.getSimpleName());
    }
}
