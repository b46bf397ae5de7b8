package dev.shallowpi.cost;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-sample totals of a graph under the counting convention of {@link OpCosts}. The stem ReLU, when the
 * model has one, is counted like any other.
 *
 * @param reluDepth   most ReLU layers on any input-to-output path
 * @param nonlinearDepth most nonlinear layers of any kind (ReLU, ReLU6, sigmoid, product, ...) on any
 *                    input-to-output path: the protocol steps PI rounds are counted by; the ReLU depth for a model
 *                    with ReLUs only
 * @param linearDepth most conv/linear layers on any input-to-output path
 * @param reluLayers  ReLU nodes in the graph
 * @param convs       conv nodes in the graph
 * @param nonlinearities elements per sample through each kind of nonlinearity ({@code relu}, {@code relu6}, ...),
 *                    by kind name; {@link #relus} is their sum over the ReLU family
 */
public record ModelCost(List<LayerCost> layers, long relus, long macs, long params, int reluDepth,
                        int nonlinearDepth, int linearDepth, int reluLayers, int convs, Map<String, Long> nonlinearities) {
    public ModelCost {
        layers = List.copyOf(layers);
        nonlinearities = Collections.unmodifiableMap(new TreeMap<>(nonlinearities));
    }

    /** The convention, as stated in every table and report. */
    public static final String CONVENTION = "ReLUs: every element through a ReLU, stem ReLU included; "
            + "MACs: conv and linear layers, shortcut convs included, BN/add/pooling 0; "
            + "params: weights, biases and BN affine, not running statistics; per sample";
}
