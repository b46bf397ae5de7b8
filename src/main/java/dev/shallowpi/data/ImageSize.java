package dev.shallowpi.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The height and width every image of a folder is brought to, as {@code HxW}. */
public record ImageSize(int height, int width) {
    /**
     * The largest side accepted. Large enough for any CNN input this tool trains; small enough that one image's
     * planes and a model's first activations stay far from the array limits.
     */
    public static final int MAX_SIDE = 4096;
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*[xX]\\s*(\\d{1,9})\\s*");

    public ImageSize {
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new DataError("an image size must be between 1x1 and " + MAX_SIDE + "x" + MAX_SIDE + ", got "
                    + height + "x" + width);
        }
    }

    /** Parses {@code HxW} (two positive whole numbers), naming what was given when it is not that. */
    public static ImageSize parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new DataError("expected HxW, e.g. 32x32, got '" + text + "'");
        }
        return new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
