package dev.shallowpi.method.selection;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.Locale;

/** How a merge candidate's conv pair is rewritten in the student (the {@code --kernel} option). */
public enum KernelMode {
    /**
     * The pair becomes one conv with the first conv's kernel size and the pair's total stride, initialised from
     * the centre crop of the exactly composed kernel and then trained: an approximation, and the way the seed
     * cuts linear operations.
     */
    SAME,
    /**
     * The pair stays two convs in merge-ready form (all padding on the first), so that deployment merges it
     * exactly into one conv of kernel {@code k1 + s1*(k2-1)}: exact, but the merged kernel usually costs more
     * MACs than the pair did.
     */
    EXACT;

    /** {@code same} or {@code exact}, as on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code same} or {@code exact} (any case); anything else is an error naming the choices. */
    public static KernelMode parse(String text) {
        for (KernelMode m : values()) {
            if (m.cliName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new SettingException(Setting.KERNEL, ": unknown kernel mode '", text, "'; expected same or exact");
    }
}
