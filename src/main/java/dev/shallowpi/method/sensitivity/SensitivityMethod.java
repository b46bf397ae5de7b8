package dev.shallowpi.method.sensitivity;

import java.util.Locale;

/** How a candidate's sensitivity is measured (see {@link AblationSensitivity} and {@link GateSensitivity}). */
public enum SensitivityMethod {
    ABLATION, GATE;

    public static SensitivityMethod parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sensitivity method '" + s + "'; known: ablation, gate");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
