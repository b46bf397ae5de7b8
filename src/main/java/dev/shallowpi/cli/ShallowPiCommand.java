package dev.shallowpi.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: only subcommands do work. */
@Command(name = "shallowpi", mixinStandardHelpOptions = true, version = "shallowpi " + ShallowPiCommand.VERSION,
        description = "Jointly removes ReLU layers and depth from CNNs for private inference, verifies the result "
                + "and reports its cost.",
        subcommands = {AnalyzeCommand.class, FoldCommand.class, TrainCommand.class, EvalCommand.class,
                ShallowCommand.class, SweepCommand.class, CompareCommand.class, ReportCommand.class, DemoCommand.class,
                BenchCommand.class, ImportCommand.class, ExportCommand.class, RunCommand.class},
        synopsisSubcommandLabel = "COMMAND")
public final class ShallowPiCommand implements Runnable {
    /** The tool's version, as {@code --version} prints it and run markers record it. */
    static final String VERSION = "0.1.0";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
