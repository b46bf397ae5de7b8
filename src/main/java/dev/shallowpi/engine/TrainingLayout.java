package dev.shallowpi.engine;

import java.util.Locale;

/**
 * The memory layout of activations in training-mode forwards (evaluation always runs on contiguous NCHW).
 * Chosen by the environment variable {@value #VARIABLE}, so that any command can be rerun without the layout
 * change after a native crash, whatever its flags.
 */
public enum TrainingLayout {
    /** Every activation channels-last (NHWC in memory). */
    CHANNELS_LAST("channels-last"),
    /** Every activation contiguous NCHW, as PyTorch by default. */
    NCHW("nchw"),
    /** Channels-last where an activation has at least {@link #AUTO_MIN_CHANNELS} channels, NCHW below. */
    AUTO("auto");

    public static final String VARIABLE = "SHALLOWPI_TRAIN_LAYOUT";
    static final int AUTO_MIN_CHANNELS = 16;

    private final String label;

    TrainingLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The layout {@value #VARIABLE} names, or the default when it is unset or empty. */
    public static TrainingLayout fromEnvironment() {
        return parse(System.getenv(VARIABLE));
    }

    /** The layout of that label (case and surrounding blanks ignored); blank means the default. */
    public static TrainingLayout parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        for (TrainingLayout l : values()) {
            if (l.label.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException(VARIABLE + "=" + value + " is not a layout: use channels-last, nchw or auto");
    }

    /** Whether an activation of {@code channels} channels is kept channels-last. */
    boolean channelsLast(long channels) {
        return this == CHANNELS_LAST || this == AUTO && channels >= AUTO_MIN_CHANNELS;
    }
}
