package dev.shallowpi.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job-array examples under {@code examples/} (README, "Job arrays") hold shallowpi command lines that parse as
 * they stand, one per step (prepare, unit, collect), and arrays as large as the plans they run.
 */
class JobArrayExamplesTest {
    /** A shallowpi invocation (launcher or jar) up to the closing quote of the shell string it stands in. */
    private static final Pattern COMMAND = Pattern.compile("(?:\\./shallowpi|shallowpi\\.jar) ([^\"\\n]+)\"");
    private static final Pattern VARIABLE = Pattern.compile("^(\\w+)=\"([^\"]*)\"$", Pattern.MULTILINE);

    private static List<CommandLine.ParseResult> commands(String file) throws IOException {
        String text = Files.readString(Path.of("examples", file));
        Map<String, String> vars = new HashMap<>();
        Matcher v = VARIABLE.matcher(text);
        while (v.find()) {
            vars.put(v.group(1), v.group(2));
        }
        List<CommandLine.ParseResult> parsed = new ArrayList<>();
        Matcher m = COMMAND.matcher(text);
        while (m.find()) {
            String line = m.group(1);
            for (Map.Entry<String, String> e : vars.entrySet()) {
                line = line.replace("$" + e.getKey(), e.getValue());
            }
            // the array index the scheduler puts in
            line = line.replace("\\$SLURM_ARRAY_TASK_ID", "1").replace("$JOB_COMPLETION_INDEX", "1");
            assertTrue(!line.contains("$"), file + ": an unexpanded variable in " + line);
            parsed.add(new CommandLine(new ShallowPiCommand()).parseArgs(line.trim().split("\\s+")));
        }
        return parsed;
    }

    private static String steps(List<CommandLine.ParseResult> parsed) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine.ParseResult p : parsed) {
            CommandLine.ParseResult sub = p.subcommand();
            sb.append(sub.commandSpec().name()).append(sub.hasMatchedOption("--prepare") ? " prepare"
                    : sub.hasMatchedOption("--collect") ? " collect" : " unit " + sub.matchedOptionValue("--unit",
                    -1)).append(';');
        }
        return sb.toString();
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theKubernetesIndexedJobPreparesRunsEachBudgetAndCollects() throws IOException {
        List<CommandLine.ParseResult> parsed = commands("k8s-sweep-indexed-job.yaml");
        assertEquals("sweep prepare;sweep unit 1;sweep collect;", steps(parsed));
        String text = Files.readString(Path.of("examples", "k8s-sweep-indexed-job.yaml"));
        int budgets = parsed.get(1).subcommand().matchedOptionValue("--relu-reduction", List.<Double>of()).size();
        assertEquals(budgets, count(text, "completions: (\\d+)"), "one index per budget");
        assertTrue(text.contains("completionMode: Indexed"));
    }

    @Test
    void theSlurmArrayPreparesRunsEachMethodAndCollects() throws IOException {
        List<CommandLine.ParseResult> parsed = commands("slurm-compare-array.sh");
        assertEquals("compare prepare;compare unit 1;compare collect;", steps(parsed));
        String text = Files.readString(Path.of("examples", "slurm-compare-array.sh"));
        int methods = parsed.get(1).subcommand().matchedOptionValue("--methods", List.<String>of()).size();
        assertEquals(methods - 1, count(text, "--array=0-(\\d+)"), "one task per method");
    }
}
