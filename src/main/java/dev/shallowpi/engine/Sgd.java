package dev.shallowpi.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.shallowpi.ir.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * SGD with momentum exactly as {@code torch.optim.SGD} computes it: {@code d = g + wd * w} (weight decay only on
 * the parameters named in {@code decayed}), {@code buf = m * buf + d} (the first step takes {@code buf = d}),
 * Nesterov {@code d = d + m * buf} else {@code d = buf}, then {@code w -= lr * d}. DJL's own SGD scales the
 * buffer by the rate instead, which differs whenever the rate changes; and it has one weight decay for all.
 * Gradients are zeroed after each step. Factors are passed as floats: DJL makes a Java double a float64 array,
 * which would promote a 0-dim float32 operand.
 */
public final class Sgd {
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Set<String> decayed;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    public Sgd(double momentum, double weightDecay, boolean nesterov, Set<String> decayed) {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.decayed = Set.copyOf(decayed);
    }

    public void step(Map<String, Parameter> parameters, double lr) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            if (!e.getValue().requiresGradient()) {
                continue;
            }
            NDArray w = e.getValue().getArray();
            try (NDArray g = w.getGradient()) {
                if (weightDecay != 0 && decayed.contains(e.getKey())) {
                    try (NDArray wd = w.mul((float) weightDecay)) {
                        g.addi(wd);
                    }
                }
                NDArray update = g;
                if (momentum != 0) {
                    NDArray buf = buffers.get(e.getKey());
                    if (buf == null) {
                        buf = g.duplicate();
                        buffers.put(e.getKey(), buf);
                    } else {
                        buf.muli((float) momentum).addi(g);
                    }
                    if (nesterov) {
                        try (NDArray t = buf.mul((float) momentum)) {
                            g.addi(t);
                        }
                    } else {
                        update = buf;
                    }
                }
                try (NDArray t = update.mul((float) lr)) {
                    w.subi(t);
                }
                g.subi(g);
            }
        }
    }

    /** Momentum buffers, for checkpoints. */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        buffers.forEach((k, v) -> out.put(k, Tensor.of(GraphBlock.toInt(v.getShape().getShape()), v.toFloatArray())));
        return out;
    }

    /** Restores momentum buffers into arrays owned by the manager of the matching parameters. */
    public void load(Map<String, Tensor> state, Map<String, Parameter> parameters) {
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Parameter p = parameters.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("optimizer state for unknown parameter '" + e.getKey() + "'");
            }
            NDArray a = p.getArray().getManager().create(e.getValue().toFloatArray(),
                    new ai.djl.ndarray.types.Shape(GraphBlock.toLong(e.getValue().shape())));
            NDArray old = buffers.put(e.getKey(), a);
            if (old != null) {
                old.close();
            }
        }
    }
}
