package dev.shallowpi.cli;

import dev.shallowpi.settings.SettingException;

import dev.shallowpi.engine.CoreShare;
import dev.shallowpi.engine.Djl;
import dev.shallowpi.engine.EvalRuntime;
import dev.shallowpi.engine.TrainingLayout;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Entry point: runs the command line and maps failures to exit codes (2: bad input, 1: internal error). */
public final class Main {
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_INTERNAL = 1;

    private Main() {
    }

    public static void main(String[] args) {
        Djl.quietLogs();
        try {
            TrainingLayout.fromEnvironment();
            CoreShare.checkEnvironment();
            EvalRuntime.checkEnvironment();
        } catch (IllegalArgumentException e) {
            // read again wherever a model trains; a bad value is refused here, before any work
            System.err.println("shallowpi: " + e.getMessage());
            System.exit(EXIT_BAD_INPUT);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ShallowPiCommand());
        // one place for every floating-point flag: NaN and infinities are never a setting
        cli.registerConverter(Double.class, Main::finite);
        cli.registerConverter(double.class, Main::finite);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String hint = ex.getCommandLine().getCommandName();
            err.println("shallowpi: " + firstLine(ex.getMessage()) + " (see: shallowpi "
                    + (hint.equals("shallowpi") ? "" : hint + " ") + "--help)");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            if (verbose) {
                ex.printStackTrace(err);
            }
            if (ex instanceof StepFailed failed) {
                return failed.code;
            }
            if (ex instanceof SettingException refused) {
                err.println("shallowpi: " + firstLine(Flags.message(refused)));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof UncheckedIOException io) {
                // the disk, not us: a full disk or a folder made read-only under a run; the message names the path
                err.println("shallowpi: " + firstLine(io.getMessage()));
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof UserError) {
                err.println("shallowpi: " + firstLine(ex.getMessage()));
                return EXIT_BAD_INPUT;
            }
            err.println("shallowpi: internal error: " + ex + (verbose ? "" : " (rerun with --verbose for details)"));
            return EXIT_INTERNAL;
        });
        return cli.execute(args);
    }

    private static Double finite(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a finite number");
        }
        return v;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
