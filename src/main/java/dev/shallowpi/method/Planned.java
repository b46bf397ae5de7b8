package dev.shallowpi.method;

import dev.shallowpi.method.selection.SelectionResult;
import dev.shallowpi.results.Sensitivity;

/** The sensitivity of every candidate and the selection they lead to. */
record Planned(Sensitivity sensitivity, SelectionResult selection) {
}
