package dev.shallowpi.method;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shallowpi.ir.Graph;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the deployed model in the format PI frameworks read, and checks it. The method knows no file format: the
 * CLI hands in the ONNX exporter, so that {@code method} keeps depending only on engine, fold and cost, as the
 * design has it, while the report can still say what the exported file was checked against.
 */
@FunctionalInterface
public interface DeployedExport {
    /**
     * Writes {@code deployed} into {@code dir} (replacing any earlier file atomically), checks it, and returns what
     * {@code report.json} records about it under {@code export}.
     */
    ObjectNode write(Graph deployed, Path dir) throws IOException;
}
