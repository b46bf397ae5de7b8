package dev.shallowpi.cli;

import java.io.PrintWriter;
import java.util.List;

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

    /** Prints the step as {@code $ PROMPT ARGS}, runs it in this process, and throws when it fails. */
    static void run(String prompt, List<String> args, PrintWriter out, PrintWriter err) {
        out.println("$ " + prompt + " " + String.join(" ", args));
        out.flush();
        int code = Main.run(args.toArray(new String[0]), out, err);
        if (code != 0) {
            throw new StepFailed(code);
        }
    }
}
