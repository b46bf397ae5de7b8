package dev.shallowpi.method.sensitivity;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

import java.util.Locale;

/** How a candidate's sensitivity is measured (see {@link AblationSensitivity} and {@link GateSensitivity}). */
public enum SensitivityMethod {
    ABLATION, GATE;

    public static SensitivityMethod parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SettingException(Setting.SENSITIVITY, ": unknown sensitivity method '", s, "'; known: ablation, gate");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
