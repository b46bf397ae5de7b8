package dev.shallowpi.engine;

import java.util.Locale;

/**
 * The memory layout of activations in training-mode forwards (evaluation always runs on contiguous NCHW).
 * Chosen by the environment variable {@value #VARIABLE}, so that any command can be rerun without the layout
 * change after a native crash, whatever its flags.
 *
 * <p>Why not NCHW below 16 channels, where it trained faster: libtorch 2.7.1's oneDNN (3.7.1) computes a conv's
 * input gradient on NCHW activations in a layout padded to 16 channels, and on AMD EPYC (Zen 5) VMs without cache
 * topology it returned NaN or wrong values in that gradient at random for 4, 8 and 12 channels (8 and 15 of 60
 * backward passes in two runs at 2 threads, 1 of 80 at one; never at 16 or 32 channels, never channels-last):
 * ResNet-20 x0.25 trained to a NaN loss by its second step in every try ({@code GraphBlockTest}).
 */
public enum TrainingLayout {
    /** Every activation channels-last (NHWC in memory). */
    CHANNELS_LAST("channels-last"),
    /** Every activation contiguous NCHW, as PyTorch by default. */
    NCHW("nchw"),
    /** The default: channels-last, each activation laid out again after the op that made it, whatever the op. */
    AUTO("auto");

    public static final String VARIABLE = "SHALLOWPI_TRAIN_LAYOUT";

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

    /** Whether activations are kept channels-last. */
    boolean channelsLast() {
        return this != NCHW;
    }
}
