package dev.shallowpi.cli;

import dev.shallowpi.settings.Setting;
import dev.shallowpi.settings.SettingException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code method} speaks of settings and the CLI names them by flag: every setting maps to a flag some command
 * defines, messages render both ways, and no string in {@code method}'s sources names a flag.
 */
class FlagsTest {
    @Test
    void everySettingIsAFlagSomeCommandDefines() {
        Set<String> defined = new HashSet<>();
        CommandLine root = new CommandLine(new ShallowPiCommand());
        root.getSubcommands().values().forEach(c -> c.getCommandSpec().options()
                .forEach(o -> defined.addAll(List.of(o.names()))));
        for (Setting s : Setting.values()) {
            assertTrue(defined.contains(Flags.of(s)), s + " -> " + Flags.of(s) + " is no command's flag");
        }
    }

    @Test
    void aRefusedSettingReadsInWordsAndAsFlags() {
        SettingException e = new SettingException(Setting.MAC_REDUCTION, ": ", Setting.METHOD, " cull works to a ",
                "ReLU target only (", Setting.RELU_BUDGET, " or ", Setting.RELU_REDUCTION, ")");
        assertEquals("MAC reduction: method cull works to a ReLU target only (ReLU budget or ReLU reduction)",
                e.getMessage());
        assertEquals("--mac-reduction: --method cull works to a ReLU target only (--relu-budget or --relu-reduction)",
                Flags.message(e));
        assertEquals("plain", Flags.message(new IllegalArgumentException("plain")));
    }

    /**
     * String literals of {@code method} that name a flag. {@code SweepBudget} is the one allowed: the flag a sweep's
     * budget came from is data it writes into {@code sweep.json}'s rows ({@code "flag": "--relu-reduction"}).
     */
    @Test
    void methodNamesNoFlagInItsMessages() throws IOException {
        Pattern literal = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
        Pattern flag = Pattern.compile("--[a-z]");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/shallowpi/method"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().equals("SweepBudget.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = literal.matcher(lines.get(i));
                    while (m.find()) {
                        if (flag.matcher(m.group()).find()) {
                            found.add(f.getFileName() + ":" + (i + 1) + " " + m.group());
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
