package dev.shallowpi.report;

/** A folder or file the report cannot be made from; the message names it. */
public class ReportException extends IllegalArgumentException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
