package dev.shallowpi.onnx;

import dev.shallowpi.ir.Graph;

/**
 * An imported model: the graph and where it came from.
 *
 * @param source   the file (or label) it was read from
 * @param opset    the default-domain opset the file declares
 * @param producer the exporter's name and version, as the file states them (may be empty)
 */
public record OnnxModel(Graph graph, String source, int opset, long irVersion, String producer) {
}
