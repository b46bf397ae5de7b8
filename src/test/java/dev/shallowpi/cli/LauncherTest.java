package dev.shallowpi.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher script ({@code ./shallowpi}) when the JVM dies in native code: one line naming the crash report and
 * how to retry, the report in the temporary folder and not the working directory, the exit status kept. A stand-in
 * {@code java} on the PATH dies as a crashing JVM does (a report at {@code -XX:ErrorFile}, then SIGABRT), so no
 * real crash is needed; the launcher runs from a copy with a jar that is up to date, so it builds nothing.
 */
class LauncherTest {
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            for a in "$@"; do case "$a" in -XX:ErrorFile=*) report="${a#-XX:ErrorFile=}";; esac; done
            case "$FAKE_JAVA" in
              abort)
                printf '# Problematic frame:\\n# C  [libtorch_cpu.so+0x1]  dnnl::fake_kernel(int) const\\n' \\
                  > "${report//%p/$$}"
                kill -ABRT $$ ;;
              segv) kill -SEGV $$ ;;
              *) printf '%s\\n' "$@" > "$ARGS_OUT"; exit 3 ;;
            esac
            """;

    @TempDir
    Path root;
    @TempDir
    Path tmp;
    @TempDir
    Path work;
    private Path launcher;

    @BeforeEach
    void install() throws IOException {
        launcher = root.resolve("shallowpi");
        Files.copy(Path.of("shallowpi"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.createDirectories(root.resolve("target"));
        Files.writeString(root.resolve("target/shallowpi.jar"), "");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("java"), FAKE_JAVA);
        assertTrue(bin.resolve("java").toFile().setExecutable(true));
    }

    @Test
    void aNativeCrashIsOneLineNamingTheReportAndTheRetry() throws Exception {
        Run r = launch("abort", "train", "--out", "run a");
        assertEquals(134, r.code);
        Matcher m = Pattern.compile("shallowpi: the JVM died in native code \\(exit 134\\); crash report: (\\S+) "
                + "\\(in \\[libtorch_cpu.so\\+0x1\\]  dnnl::fake_kernel\\); to retry without the channels-last "
                + "training layout: SHALLOWPI_TRAIN_LAYOUT=nchw \\S+/shallowpi train --out run\\\\ a").matcher(r.stderr);
        assertTrue(m.matches(), "stderr: " + r.stderr);
        Path report = Path.of(m.group(1));
        assertEquals(tmp, report.getParent(), "the report goes to TMPDIR");
        assertTrue(Files.isRegularFile(report));
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "nothing written to the working directory");
        }
    }

    @Test
    void aCrashWithoutReportIsStillNamed() throws Exception {
        Run r = launch("segv", "demo");
        assertEquals(139, r.code);
        assertTrue(r.stderr.startsWith("shallowpi: the JVM died in native code (exit 139); no crash report was "
                + "written; to retry"), r.stderr);
    }

    @Test
    void anOrdinaryExitPassesThroughSilentlyWithTheArguments() throws Exception {
        Path args = tmp.resolve("args");
        Run r = launch("exit", List.of("ARGS_OUT=" + args), "analyze", "--model", "two words");
        assertEquals(3, r.code);
        assertEquals("", r.stderr);
        List<String> seen = Files.readAllLines(args);
        assertEquals(List.of("-jar", root.resolve("target/shallowpi.jar").toString(), "analyze", "--model",
                "two words"), seen.subList(seen.indexOf("-jar"), seen.size()));
    }

    private record Run(int code, String stderr) {
    }

    private Run launch(String mode, String... args) throws Exception {
        return launch(mode, List.of(), args);
    }

    private Run launch(String mode, List<String> env, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder();
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
        cmd.addAll(List.of(args));
        pb.command(cmd).directory(work.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("FAKE_JAVA", mode);
        pb.environment().remove("SHALLOWPI_TRAIN_LAYOUT");
        for (String e : env) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Run(p.exitValue(), err);
    }
}
