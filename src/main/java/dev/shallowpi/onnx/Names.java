package dev.shallowpi.onnx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Node names as the model gives them, made safe for one-line messages, tables and the graph's rule that names are
 * unique and non-blank: control characters become '_', overlong names are cut, and a taken name gets a suffix.
 */
final class Names {
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> nextSuffix = new HashMap<>();

    /** Printable, at most {@link Limits#MAX_NAME} characters; for messages too. */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder(Math.min(raw.length(), Limits.MAX_NAME));
        for (int i = 0; i < raw.length() && sb.length() < Limits.MAX_NAME; i++) {
            char c = raw.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '_' : c);
        }
        return sb.toString();
    }

    static String quoted(String raw) {
        return "'" + printable(raw) + "'";
    }

    /** Reserves a name that must stay exactly as it is (a graph input); false if it was taken already. */
    boolean reserve(String name) {
        return taken.add(name);
    }

    /** The wanted name, or, when it is blank or taken, the fallback or a suffixed variant that is free. */
    String claim(String wanted, String fallback) {
        String base = printable(wanted).strip();
        if (base.isEmpty()) {
            base = fallback;
        }
        if (taken.add(base)) {
            return base;
        }
        // One counter per base name keeps this linear even when a hostile file repeats one name everywhere.
        int k = nextSuffix.getOrDefault(base, 2);
        String candidate = base + "_" + k;
        while (!taken.add(candidate)) {
            k++;
            candidate = base + "_" + k;
        }
        nextSuffix.put(base, k + 1);
        return candidate;
    }
}
