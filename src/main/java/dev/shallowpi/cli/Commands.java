package dev.shallowpi.cli;

import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

/** The command line that produced an output, as reports print it next to every figure. */
final class Commands {
    private Commands() {
    }

    /**
     * {@code shallowpi shallow --teacher runs/base ...}: the whole command line as given (picocli keeps the
     * subcommand's name among the original arguments), arguments a shell would split or expand quoted.
     */
    static String line(ParseResult given) {
        List<String> parts = new ArrayList<>();
        parts.add("shallowpi");
        for (String a : given.originalArgs()) {
            parts.add(quoted(a));
        }
        return String.join(" ", parts);
    }

    /** The arguments as given, from the subcommand's name on (options before it, such as --verbose, are left out). */
    static List<String> given(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return new ArrayList<>(all.subList(Math.max(at, 0), all.size()));
    }

    static String quoted(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=,:+@%".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
