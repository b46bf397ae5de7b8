package dev.shallowpi.method;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.Locale;

/** How each merged conv of {@code --kernel same} starts (the {@code --kernel-init} option). */
public enum KernelInit {
    /** The centre crop of the chain's exact composition: the seed's initialisation. */
    CROP,
    /** The kernel of the same size fitted to the exact composition on calibration activations. */
    FIT,
    /**
     * The kernel of the same size fitted, on the same inputs, to what the teacher's layers computed at the chain's
     * end (the removed ReLUs still in place) rather than to their linear composition.
     */
    FIT_TEACHER;

    /** {@code crop}, {@code fit} or {@code fit-teacher}, as on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code crop}, {@code fit} or {@code fit-teacher} (any case); anything else is an error naming them. */
    public static KernelInit parse(String text) {
        for (KernelInit k : values()) {
            if (k.cliName().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new SettingException(Setting.KERNEL_INIT, ": unknown kernel initialisation '", text,
                "'; expected crop, fit or fit-teacher");
    }
}
