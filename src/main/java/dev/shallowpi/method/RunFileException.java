package dev.shallowpi.method;

import dev.shallowpi.settings.SettingException;

/**
 * A run's own file (plan, sensitivity, sweep summary) that is missing, unreadable, or of a schema version this
 * shallowpi does not read; the message names the file.
 */
public class RunFileException extends SettingException {
    /** @param parts text and the settings it names, as {@link SettingException} renders them */
    public RunFileException(Object... parts) {
        super(parts);
    }
}
