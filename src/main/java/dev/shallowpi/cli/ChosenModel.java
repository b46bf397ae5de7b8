package dev.shallowpi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.ir.Graph;

/**
 * The model a command works on, built from the zoo ({@code --model}) or read from ONNX ({@code --onnx}).
 *
 * @param description what reports and checkpoints record about it
 * @param title       one line for the top of a table
 * @param seed        {@code --seed}: the zoo's initialisation, and what the training seeds from
 * @param onnx        true when it was read from a file (its weights are real, not drawn)
 */
record ChosenModel(Graph graph, ObjectNode description, String title, long seed, boolean onnx) {
}
