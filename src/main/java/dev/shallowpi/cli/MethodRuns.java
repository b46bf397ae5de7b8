package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.CheckpointError;
import dev.shallowpi.engine.TrainingDivergedException;
import dev.shallowpi.settings.SettingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Runs the method's work for shallow, sweep and compare, and turns what the user caused or can act on (a budget out
 * of reach, a diverged fine-tuning, a damaged checkpoint, a folder holding other settings) into one line and exit
 * code 2, the same way in each command.
 */
final class MethodRuns {
    private MethodRuns() {
    }

    interface Work<T> {
        T run() throws IOException;
    }

    /** What a diverged training leaves in {@code dir}, for its message. */
    static String keptCheckpoint(Path dir) {
        return "the last complete epoch's checkpoint is kept in " + dir + " (--resume continues from it)";
    }

    /**
     * @param out        the folder the work writes in, for the message when writing fails
     * @param resumeHint what to do after a diverging loss stopped training (mask training or fine-tuning)
     */
    static <T> T guarded(Path out, String resumeHint, Work<T> work) {
        try {
            return work.run();
        } catch (TrainingDivergedException e) {
            throw new UserError("training stopped: " + e.getMessage() + "; " + resumeHint);
        } catch (SettingException | CheckpointError e) {
            // a budget out of reach, a run folder of other settings, a run file missing or of a later version
            throw UserError.of(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + out + ": " + e.getMessage(), e);
        }
    }
}
