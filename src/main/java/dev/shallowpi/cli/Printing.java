package dev.shallowpi.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code --json}, and where a command prints: the options of every command that reports a result. */
final class Printing {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print the result as one JSON object instead of text.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** What was given on the command line (to tell a flag given from its default). */
    ParseResult given() {
        return spec.commandLine().getParseResult();
    }
}
