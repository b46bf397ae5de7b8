package dev.shallowpi.cli;

import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.cost.PiProfileException;
import dev.shallowpi.cost.PiProfiles;
import picocli.CommandLine.Option;

/** {@code --pi-profile NAME|FILE}: the protocol and network PI estimates are made for. */
public final class PiProfileOption {
    @Option(names = "--pi-profile", paramLabel = "NAME|FILE",
            description = "PI cost profile: delphi-lan, delphi-wan, or a JSON file of your own (README.md, "
                    + "'PI cost model').")
    String profile;

    /** True when the user named a profile. */
    boolean given() {
        return profile != null;
    }

    /** The profile named, or null when none was. */
    PiProfile orNull() {
        return profile == null ? null : load(profile);
    }

    /** The profile named, or {@link PiProfiles#DEFAULT} for reports that always carry an estimate. */
    PiProfile orDefault() {
        return load(profile == null ? PiProfiles.DEFAULT : profile);
    }

    static PiProfile load(String nameOrFile) {
        try {
            return PiProfiles.load(nameOrFile);
        } catch (PiProfileException e) {
            throw new UserError("--pi-profile: " + e.getMessage(), e);
        }
    }
}
