/**
 * What runs produce, as typed records: the plan, the sensitivity, the verification and the report of a
 * {@code shallow} run, the mask-training log, the rows of a sweep or comparison. {@code method} builds them,
 * Jackson writes them (their JSON keys are the files' keys), and resume, the CLI's summaries and the HTML pages read
 * them back by type, so that a renamed key is a compile error rather than a silently missing figure. Pure data:
 * depends on the JDK and Jackson only.
 */
package dev.shallowpi.results;
