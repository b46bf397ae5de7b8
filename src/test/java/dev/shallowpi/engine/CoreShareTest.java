package dev.shallowpi.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreShareTest {
    static final String STAT = "cpu  1000 50 300 8000 100 10 20 500 0 0\ncpu0 500 25 150 4000 50 5 10 250 0 0\n"
            + "cpu1 500 25 150 4000 50 5 10 250 0 0\nintr 12345\n";
    /** A command name with spaces and a ')' of its own; utime 400 and stime 60 are fields 14 and 15. */
    static final String SELF = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 400 60 0 0 20 0 30 0 "
            + "12345 1000000 5000\n";

    @Test
    void machineAndOwnTimesAreReadFromProc() {
        CoreShare.CpuTimes t = CoreShare.CpuTimes.parse(STAT, SELF);
        // busy: user + nice + system + irq + softirq; steal (500) is not ours to schedule on
        assertEquals(1000 + 50 + 300 + 10 + 20, t.machineBusy());
        assertEquals(1380 + 8000 + 100, t.machineAll());
        assertEquals(460, t.self());
        assertNotNull(CoreShare.CpuTimes.read(), "this machine's /proc reads");
    }

    @Test
    void othersAreTheMachinesBusyTimeLessOurOwn() {
        CoreShare.CpuTimes before = new CoreShare.CpuTimes(1000, 10_000, 300);
        // 200 ticks on 2 cores: 190 busy, 90 of them ours: the others kept one core busy
        CoreShare.CpuTimes after = new CoreShare.CpuTimes(1190, 10_200, 390);
        assertEquals(1.0, after.othersBusyCores(before, 2), 1e-12);
        assertEquals(0.0, new CoreShare.CpuTimes(1100, 10_200, 400).othersBusyCores(before, 2), 1e-12,
                "never below 0: our own time is counted on both sides");
        assertEquals(0.0, before.othersBusyCores(before, 2), "no time passed");
    }

    @Test
    void theThreadsAreTheCoresTheOthersLeaveAtLeastOne() {
        assertEquals(2, CoreShare.threadsFor(2, 0.02), "alone on 2 cores");
        assertEquals(1, CoreShare.threadsFor(2, 1.0), "another job holds one core");
        assertEquals(1, CoreShare.threadsFor(2, 2.0), "never none");
        assertEquals(2, CoreShare.threadsFor(2, 0.4));
        assertEquals(1, CoreShare.threadsFor(2, 0.6));
        assertEquals(13, CoreShare.threadsFor(16, 3.2));
    }

    @Test
    void aFixedThreadCountIsAWholeNumberFromOne() {
        assertEquals(3, CoreShare.parseThreads("3"));
        for (String bad : new String[] {"0", "-1", "two", "1.5", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CoreShare.parseThreads(bad));
            assertTrue(e.getMessage().startsWith("SHALLOWPI_THREADS must be 'auto' or a whole number >= 1"),
                    e.getMessage());
        }
    }

    /**
     * A Spark task's thread keeps the cores its task was given, however idle the machine looks (run without
     * SHALLOWPI_THREADS and OMP_NUM_THREADS, as .ci/run does: a user's count would win).
     */
    @Test
    void aFixedThreadCountHoldsOnItsThreadOnly() throws Exception {
        Djl.prepareThread(); // the engine loads here, on the tests' thread, as in the program, not in the new one
        int[] seen = new int[2];
        Thread t = new Thread(() -> {
            Djl.prepareThread();
            CoreShare.fixThreads(1);
            for (int i = 0; i < 3; i++) {
                CoreShare.tick();
            }
            seen[0] = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        });
        t.start();
        t.join();
        assertEquals(1, seen[0]);
        assertThrows(IllegalArgumentException.class, () -> CoreShare.fixThreads(0));
    }
}
