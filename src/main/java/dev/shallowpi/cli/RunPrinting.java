package dev.shallowpi.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code --quiet} and {@code --json}, and where a command prints: the options of the commands that run for minutes
 * (train, shallow, sweep, compare) and print progress as they go.
 */
final class RunPrinting {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--json", description = "Print the result as one JSON object at the end (what the run wrote to "
            + "its .json file).")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** What was given on the command line (to tell a flag given from its default). */
    ParseResult given() {
        return spec.commandLine().getParseResult();
    }
}
