package dev.shallowpi.method.selection;

import dev.shallowpi.settings.SettingException;

/** A budget the candidates cannot meet; the message states the best value that can be reached. */
public class BudgetException extends SettingException {
    /** @param parts text and the settings it names, as {@link SettingException} renders them */
    public BudgetException(Object... parts) {
        super(parts);
    }
}
