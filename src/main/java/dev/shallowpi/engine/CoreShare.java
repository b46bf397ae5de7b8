package dev.shallowpi.engine;

import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the engine's OpenMP on the cores other processes leave free. libtorch's threads spin-wait at every barrier;
 * when another job holds one of a 2-core machine's cores, a spinning thread burns the time slice its partner needs,
 * and two training jobs side by side each fell to about 22 % of their solo throughput (bench/share_cores.sh). So
 * about once a second the calling thread compares the machine's busy time ({@code /proc/stat}) with this process's
 * own ({@code /proc/self/stat}) and sets its thread count to the cores the others leave, at least one: two jobs then
 * run one thread each, without barriers to wait at, and a job alone keeps every core and libgomp's fast spinning.
 *
 * <p>Off when the user chose a thread count ({@code OMP_NUM_THREADS}) or {@code SHALLOWPI_THREADS} is a number (that
 * many threads, fixed); {@code SHALLOWPI_THREADS=auto} or unset is this adaptive behaviour. OpenMP's thread count
 * belongs to the thread that sets it, so each Java thread that runs the engine follows on its own.
 */
public final class CoreShare {
    /** How often the machine is sampled. */
    static final long WINDOW_NANOS = 1_000_000_000L;
    private static final ThreadLocal<CoreShare> PER_THREAD = ThreadLocal.withInitial(CoreShare::fromEnvironment);

    private final Mode mode;
    private final int cores;
    private int threads;
    private int pending = -1;
    private long sampledAt;
    private CpuTimes last;

    private enum Mode { ADAPTIVE, FIXED, OFF }

    private CoreShare(Mode mode, int cores, int threads) {
        this.mode = mode;
        this.cores = cores;
        this.threads = threads;
    }

    /** Called before the engine runs work on this thread: samples and adapts at most once per window. */
    public static void tick() {
        PER_THREAD.get().onTick(System.nanoTime());
    }

    /**
     * Fixes the calling thread's engine threads at {@code n}, whatever the machine's load: for a Spark task, which
     * owns the cores its scheduler gave it ({@code spark.task.cpus}), while other executors' tasks on the same host
     * own theirs. A user's {@code SHALLOWPI_THREADS} or {@code OMP_NUM_THREADS} still wins.
     */
    public static void fixThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        CoreShare now = PER_THREAD.get();
        if (now.mode == Mode.ADAPTIVE) {
            JniUtils.setNumThreads(n);
            PER_THREAD.set(new CoreShare(Mode.FIXED, now.cores, n));
        }
    }

    /** Refuses a bad {@code SHALLOWPI_THREADS} before any work (the CLI calls this first). */
    public static void checkEnvironment() {
        fixedThreads();
    }

    /** The thread count {@code SHALLOWPI_THREADS} fixes, or 0 for the adaptive default. */
    private static int fixedThreads() {
        String v = System.getenv("SHALLOWPI_THREADS");
        return v == null || v.isBlank() || v.strip().equals("auto") ? 0 : parseThreads(v.strip());
    }

    private static CoreShare fromEnvironment() {
        int cores = Runtime.getRuntime().availableProcessors();
        int fixed = fixedThreads();
        if (fixed > 0) {
            JniUtils.setNumThreads(fixed);
            return new CoreShare(Mode.FIXED, cores, fixed);
        }
        if (System.getenv("OMP_NUM_THREADS") != null || cores < 2 || CpuTimes.read() == null) {
            return new CoreShare(Mode.OFF, cores, cores);
        }
        return new CoreShare(Mode.ADAPTIVE, cores, JniUtils.getNumThreads());
    }

    /** {@code SHALLOWPI_THREADS}: a whole number from 1 up. */
    static int parseThreads(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("SHALLOWPI_THREADS must be 'auto' or a whole number >= 1, got '" + value
                + "'");
    }

    private void onTick(long now) {
        if (mode != Mode.ADAPTIVE || (last != null && now - sampledAt < WINDOW_NANOS)) {
            return;
        }
        CpuTimes current = CpuTimes.read();
        if (current == null) {
            return;
        }
        if (last != null) {
            int want = threadsFor(cores, current.othersBusyCores(last, cores));
            // two windows in a row before a change, so that a short burst elsewhere does not flip it
            if (want != threads && want == pending) {
                threads = want;
                JniUtils.setNumThreads(want);
            }
            pending = want;
        }
        last = current;
        sampledAt = now;
    }

    /** The cores the others leave, rounded, from 1 to {@code cores}. */
    static int threadsFor(int cores, double othersBusyCores) {
        long free = Math.round(cores - othersBusyCores);
        return (int) Math.max(1, Math.min(cores, free));
    }

    /**
     * Jiffies of the whole machine ({@code /proc/stat}'s first line: busy and all, steal left out as it is not ours
     * to schedule) and of this process ({@code /proc/self/stat}'s utime and stime), in the kernel's clock ticks.
     */
    record CpuTimes(long machineBusy, long machineAll, long self) {
        static CpuTimes read() {
            try {
                return parse(Files.readString(Path.of("/proc/stat")), Files.readString(Path.of("/proc/self/stat")));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static CpuTimes parse(String stat, String selfStat) {
            String cpu = stat.lines().filter(l -> l.startsWith("cpu ")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no cpu line"));
            String[] f = cpu.trim().split("\\s+");
            long user = Long.parseLong(f[1]);
            long nice = Long.parseLong(f[2]);
            long system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]);
            long iowait = f.length > 5 ? Long.parseLong(f[5]) : 0;
            long irq = f.length > 6 ? Long.parseLong(f[6]) : 0;
            long softirq = f.length > 7 ? Long.parseLong(f[7]) : 0;
            long busy = user + nice + system + irq + softirq;
            // the command name, field 2, is in parentheses and may hold spaces: fields count from the last ')'
            String[] s = selfStat.substring(selfStat.lastIndexOf(')') + 2).split(" ");
            long self = Long.parseLong(s[11]) + Long.parseLong(s[12]);
            return new CpuTimes(busy, busy + idle + iowait, self);
        }

        /** Cores the other processes kept busy on average since {@code before}. */
        double othersBusyCores(CpuTimes before, int cores) {
            long all = machineAll - before.machineAll;
            if (all <= 0) {
                return 0;
            }
            long others = (machineBusy - before.machineBusy) - (self - before.self);
            return Math.max(0, (double) others * cores / all);
        }
    }
}
