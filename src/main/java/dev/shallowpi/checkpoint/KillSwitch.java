package dev.shallowpi.checkpoint;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the tests stop a run the way {@code kill -9} does, at a point of their choosing rather than of the
 * scheduler's: {@code -Dshallowpi.killAt=POINT:N} halts the JVM (no finally blocks, no shutdown hooks, exit code
 * 137) the N-th time the run reaches POINT. Points: {@code step} (a training step has just been taken) and
 * {@code write:FILE} (the bytes of FILE are in its temporary file, not yet renamed over it). Without the property
 * every call returns at once.
 */
public final class KillSwitch {
    /** The system property that arms the switch. */
    public static final String PROPERTY = "shallowpi.killAt";
    private static final String ARMED = System.getProperty(PROPERTY);
    private static final ConcurrentHashMap<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

    private KillSwitch() {
    }

    /** Armed by {@link #failOnce}: the point, and how many more times it is passed before it throws. */
    private static volatile String failPoint;
    private static final AtomicInteger FAIL_COUNTDOWN = new AtomicInteger();

    /**
     * For tests of a task that fails inside a process that lives on (a Spark task): the {@code n}-th time the run
     * reaches {@code point} from now, {@link #reached} throws a {@link Failure}, once; then the switch is disarmed.
     */
    public static void failOnce(String point, int n) {
        FAIL_COUNTDOWN.set(n);
        failPoint = point;
    }

    /** What {@link #failOnce} throws. */
    public static final class Failure extends RuntimeException {
        Failure(String point) {
            super("KillSwitch: failed at " + point + " as a test asked");
        }
    }

    public static void reached(String point) {
        if (point.equals(failPoint) && FAIL_COUNTDOWN.decrementAndGet() == 0) {
            failPoint = null;
            throw new Failure(point);
        }
        if (ARMED == null) {
            return;
        }
        int colon = ARMED.lastIndexOf(':');
        if (!ARMED.substring(0, colon).equals(point)) {
            return;
        }
        int n = REACHED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        if (n == Integer.parseInt(ARMED.substring(colon + 1))) {
            Runtime.getRuntime().halt(137);
        }
    }
}
