package dev.shallowpi.method;

/** A sweep folder that holds results the requested sweep cannot continue (other settings, another teacher). */
public class SweepConflict extends IllegalArgumentException {
    public SweepConflict(String message) {
        super(message);
    }
}
