package dev.shallowpi.cli;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.checkpoint.CheckpointError;

import java.nio.file.Path;

/** Reading a checkpoint named by a flag: a missing or damaged one is the user's input, named with the flag. */
final class Checkpoints {
    private Checkpoints() {
    }

    static Checkpoint read(Path dir, String flag) {
        try {
            return Checkpoint.read(dir);
        } catch (CheckpointError e) {
            throw new UserError(flag + ": " + e.getMessage(), e);
        }
    }
}
