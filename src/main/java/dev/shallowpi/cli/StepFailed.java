package dev.shallowpi.cli;

/**
 * A command that runs other commands in-process (the demo's steps, the parts of a sweep on Spark) stops with the
 * exit code of the step that failed; that step has already printed why.
 */
final class StepFailed extends RuntimeException {
    final int code;

    StepFailed(int code) {
        super("a step failed (exit code " + code + ")");
        this.code = code;
    }
}
