package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.data.DataError;
import dev.shallowpi.data.FolderSpec;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.ir.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * An image folder's {@link FolderSpec} in the dataset record a run stores (its checkpoint's {@code dataset}, and
 * {@code dataset} in reports): {@code imageShape} as {@code CxHxW}, {@code classNames}, {@code mean} and {@code std}
 * per channel, {@code trainImages} and {@code trainListing}. Read back exactly (JSON numbers keep every bit of a
 * double), so a resumed run and a student normalise as the teacher's run did.
 */
final class FolderRecord {
    private FolderRecord() {
    }

    static void write(ObjectNode o, FolderSpec spec) {
        o.put("imageShape", spec.imageShape().toString());
        ArrayNode names = o.putArray("classNames");
        spec.classNames().forEach(names::add);
        ArrayNode mean = o.putArray("mean");
        for (double m : spec.normalization().mean()) {
            mean.add(m);
        }
        ArrayNode std = o.putArray("std");
        for (double s : spec.normalization().std()) {
            std.add(s);
        }
        o.put("trainImages", spec.trainImages());
        o.put("trainListing", spec.trainListing());
    }

    static FolderSpec read(JsonNode stored) {
        try {
            Shape shape = Shape.parse(text(stored, "imageShape"));
            List<String> names = new ArrayList<>();
            for (JsonNode n : array(stored, "classNames")) {
                names.add(n.asText());
            }
            Normalization norm = new Normalization(numbers(stored, "mean"), numbers(stored, "std"));
            JsonNode images = stored.path("trainImages");
            if (!images.canConvertToInt()) {
                throw new DataError("no trainImages");
            }
            return new FolderSpec(names, shape, norm, images.asInt(), text(stored, "trainListing"));
        } catch (DataError | IllegalArgumentException e) {
            throw new UserError("the run's record of its image folder is damaged (" + e.getMessage() + "); train "
                    + "anew");
        }
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.path(key);
        if (!v.isTextual()) {
            throw new DataError("no " + key);
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode o, String key) {
        JsonNode v = o.path(key);
        if (!v.isArray() || v.isEmpty()) {
            throw new DataError("no " + key);
        }
        return v;
    }

    private static double[] numbers(JsonNode o, String key) {
        JsonNode a = array(o, key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                throw new DataError(key + " holds " + a.get(i));
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}
