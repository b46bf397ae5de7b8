package dev.shallowpi.settings;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A setting that cannot be used as given. The message is kept as parts, text and {@link Setting}s, so that each
 * caller names the settings its own way: the CLI by flag ({@code --mac-reduction: --method cull removes ...}),
 * {@link #getMessage()} by words ({@code MAC reduction: method cull removes ...}).
 */
public class SettingException extends IllegalArgumentException {
    private final transient List<Object> parts;

    /** @param parts strings, {@link Setting}s and values, rendered in order */
    public SettingException(Object... parts) {
        super(render(Arrays.asList(parts), Setting::words));
        this.parts = Collections.unmodifiableList(Arrays.asList(parts.clone()));
    }

    /** The message with every setting named by {@code name}. */
    public String render(Function<Setting, String> name) {
        return render(parts, name);
    }

    private static String render(List<Object> parts, Function<Setting, String> name) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            sb.append(p instanceof Setting s ? name.apply(s) : String.valueOf(p));
        }
        return sb.toString();
    }
}
