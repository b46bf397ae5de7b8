package dev.shallowpi.method;

import dev.shallowpi.settings.SettingException;

/** A sweep folder that holds results the requested sweep cannot continue (other settings, another teacher). */
public class SweepConflict extends SettingException {
    /** @param parts text and the settings it names, as {@link SettingException} renders them */
    public SweepConflict(Object... parts) {
        super(parts);
    }
}
