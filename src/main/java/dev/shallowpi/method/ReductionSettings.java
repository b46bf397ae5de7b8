package dev.shallowpi.method;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;

/**
 * What {@code --method} asks for besides the budget: the method, and the settings only some methods read.
 *
 * @param channels       the channel stage's mask training ({@code snl}, {@code joint})
 * @param blockReduction {@code joint}: the ReLU reduction its block stage aims for before channel masks take the
 *                       rest; null for as far as the merge candidates go (never beyond the budget)
 */
public record ReductionSettings(ReductionMethod method, ChannelTraining.Settings channels, Double blockReduction) {
    public ReductionSettings {
        if (blockReduction != null && !(blockReduction >= 1 && blockReduction < Double.POSITIVE_INFINITY)) {
            throw new SettingException(Setting.BLOCK_REDUCTION, " must be a ratio >= 1, got ", blockReduction);
        }
        if (blockReduction != null && method != ReductionMethod.JOINT) {
            throw new SettingException(Setting.BLOCK_REDUCTION, " is for ", Setting.METHOD, " joint only");
        }
    }

    /** The seed's method alone. */
    public static ReductionSettings shallow() {
        return new ReductionSettings(ReductionMethod.SHALLOW, ChannelTraining.Settings.defaults(), null);
    }

    /** The same settings for another method (compare runs one of each); a block target stays with joint. */
    public ReductionSettings withMethod(ReductionMethod m) {
        return new ReductionSettings(m, channels, m == ReductionMethod.JOINT ? blockReduction : null);
    }
}
