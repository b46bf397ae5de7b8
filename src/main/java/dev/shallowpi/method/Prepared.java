package dev.shallowpi.method;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.results.Plan;
import dev.shallowpi.results.Sensitivity;

/** What a {@link Reduction} hands to fine-tuning: the plan and sensitivity it writes, and the student to train. */
record Prepared(Plan plan, Sensitivity sensitivity, Graph student) {
}
