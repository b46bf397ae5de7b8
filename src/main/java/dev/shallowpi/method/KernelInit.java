package dev.shallowpi.method;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.Locale;

/** How each merged conv of {@code --kernel same} starts (the {@code --kernel-init} option). */
public enum KernelInit {
    /** The centre crop of the chain's exact composition: the seed's initialisation. */
    CROP,
    /** The kernel of the same size fitted to the exact composition on calibration activations ({@link FittedKernels}). */
    FIT;

    /** {@code crop} or {@code fit}, as on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code crop} or {@code fit} (any case); anything else is an error naming the choices. */
    public static KernelInit parse(String text) {
        for (KernelInit k : values()) {
            if (k.cliName().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new SettingException(Setting.KERNEL_INIT, ": unknown kernel initialisation '", text,
                "'; expected crop or fit");
    }
}
