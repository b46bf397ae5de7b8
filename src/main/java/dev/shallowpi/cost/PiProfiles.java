package dev.shallowpi.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@link PiProfile}s: a shipped one by name ({@link #SHIPPED}, resources next to this class) or a user's
 * JSON file. Every field is required and checked, and an error names the file and the field.
 *
 * <p>A field is a number, or an object whose {@code value} is the number and whose {@code source} says where it
 * comes from (the shipped profiles give one for every field). {@code network.bandwidthBitsPerSecond} may also be
 * {@code "unlimited"}: transfers are then not charged, for figures measured with both parties on one host.
 * Rounds are whole numbers. {@code reluEquivalents} prices each nonlinearity kind but the plain ReLU (relu6,
 * clipped-relu, sigmoid, hard-sigmoid, product) in ReLUs per element; every kind must be there.
 */
public final class PiProfiles {
    /** The profiles shipped with the tool, built from REFERENCE.md section 4. */
    public static final List<String> SHIPPED = List.of("delphi-lan", "delphi-wan");
    /** Used for reports when none is named. */
    public static final String DEFAULT = "delphi-wan";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PiProfiles() {
    }

    /** A shipped profile by name, or else the JSON file at that path. */
    public static PiProfile load(String nameOrFile) {
        if (SHIPPED.contains(nameOrFile)) {
            String resource = "profiles/" + nameOrFile + ".json";
            try (InputStream in = PiProfiles.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("shipped profile " + resource + " is missing from the jar");
                }
                return parse(in.readAllBytes(), "shipped profile " + nameOrFile);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read shipped profile " + resource, e);
            }
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new PiProfileException("'" + nameOrFile + "' is neither a shipped profile (" + String.join(", ", SHIPPED)
                    + ") nor a file");
        }
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new PiProfileException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses a profile; {@code origin} names it in errors. */
    public static PiProfile parse(byte[] json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PiProfileException(origin + ": not JSON (" + firstLine(e.getOriginalMessage()) + " at line "
                    + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new PiProfileException(origin + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new PiProfileException(origin + ": not a JSON object");
        }
        Fields f = new Fields(root, origin);
        for (String renamed : List.of("onlinePerReluLayer", "offlinePerReluLayer")) {
            if (root.path("rounds").has(renamed)) {
                throw f.fail("rounds." + renamed, "is now rounds." + renamed.replace("Relu", "Nonlinear")
                        + " (every nonlinear layer is a protocol step, a ReLU layer among them)");
            }
        }
        return new PiProfile(f.text("name"), f.text("description"), f.text("computeIncludes"), origin,
                perUnit(f, "relu"), reluEquivalents(f), perUnit(f, "mac"),
                new PiProfile.Rounds(f.count("rounds.onlinePerNonlinearLayer"),
                        f.count("rounds.onlinePerLinearLayer"), f.count("rounds.onlineFixed")),
                new PiProfile.Rounds(f.count("rounds.offlinePerNonlinearLayer"),
                        f.count("rounds.offlinePerLinearLayer"), f.count("rounds.offlineFixed")),
                new PiProfile.Network(f.bandwidth("network.bandwidthBitsPerSecond"), f.number("network.rttSeconds")));
    }

    /** The object pricing each nonlinearity kind but the ReLU, in ReLUs per element. */
    private static final String NONLINEARITIES = "reluEquivalents";

    /** Each nonlinearity kind's price; every kind but the ReLU must be there, and no other. */
    private static Map<String, Double> reluEquivalents(Fields f) {
        Map<String, Double> prices = new TreeMap<>();
        for (String kind : OpCosts.NONLINEARITIES) {
            if (!kind.equals("relu")) {
                prices.put(kind, f.number(NONLINEARITIES + "." + kind));
            }
        }
        for (Iterator<String> it = f.node(NONLINEARITIES).fieldNames(); it.hasNext(); ) {
            String kind = it.next();
            if (!prices.containsKey(kind)) {
                throw f.fail(NONLINEARITIES + "." + kind, "is no nonlinearity kind this tool counts (it prices "
                        + String.join(", ", prices.keySet()) + "; a ReLU is 1 by definition)");
            }
        }
        return prices;
    }

    private static PiProfile.PerUnit perUnit(Fields f, String unit) {
        return new PiProfile.PerUnit(f.number(unit + ".onlineSeconds"), f.number(unit + ".onlineBytes"),
                f.number(unit + ".offlineSeconds"), f.number(unit + ".offlineBytes"));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Field lookup by dotted path, each failure naming the origin and the path. */
    private record Fields(JsonNode root, String origin) {
        JsonNode node(String path) {
            JsonNode n = root;
            for (String part : path.split("\\.")) {
                n = n.isObject() ? n.get(part) : null;
                if (n == null || n.isNull()) {
                    throw fail(path, "is missing");
                }
            }
            return n;
        }

        /** The number itself, or the {@code value} of an object that documents it. */
        JsonNode value(String path) {
            JsonNode n = node(path);
            if (n.isObject()) {
                JsonNode v = n.get("value");
                if (v == null || v.isNull()) {
                    throw fail(path, "has no 'value'");
                }
                return v;
            }
            return n;
        }

        String text(String path) {
            JsonNode n = node(path);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw fail(path, "must be a non-empty string");
            }
            return n.asText();
        }

        double number(String path) {
            JsonNode v = value(path);
            if (!v.isNumber()) {
                throw fail(path, "must be a number, got " + v);
            }
            double d = v.asDouble();
            if (!(d >= 0) || Double.isInfinite(d)) {
                throw fail(path, "must be >= 0, got " + v);
            }
            return d;
        }

        long count(String path) {
            JsonNode v = value(path);
            if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
                throw fail(path, "must be a whole number of round trips, got " + v);
            }
            if (v.asDouble() < 0) {
                throw fail(path, "must be >= 0, got " + v);
            }
            return v.asLong();
        }

        double bandwidth(String path) {
            JsonNode v = value(path);
            if (v.isTextual() && v.asText().equals("unlimited")) {
                return Double.POSITIVE_INFINITY;
            }
            if (!v.isNumber() || !(v.asDouble() > 0) || Double.isInfinite(v.asDouble())) {
                throw fail(path, "must be a number > 0 (bits per second) or \"unlimited\", got " + v);
            }
            return v.asDouble();
        }

        PiProfileException fail(String path, String what) {
            return new PiProfileException(origin + ": field " + path + " " + what);
        }
    }
}
