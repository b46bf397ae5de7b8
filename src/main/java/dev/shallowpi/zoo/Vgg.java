package dev.shallowpi.zoo;

import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.Relu;

/**
 * VGG-16 with batch norm in the CIFAR layout: thirteen 3x3 convs (with bias) each followed by BN and ReLU,
 * five 2x2 max-pools, and one linear head on the flattened map (1x1 for 32x32 inputs). Inputs must be at
 * least 32 pixels on a side, or the fifth pool has nothing left to pool.
 */
final class Vgg {
    private static final int[][] STAGES = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};

    private Vgg() {
    }

    static Graph vgg16(ModelSpec spec) {
        Init init = new Init(spec.seed());
        GraphBuilder g = new GraphBuilder().input("input", spec.input());
        String x = "input";
        int channels = spec.input().channels();
        for (int s = 0; s < STAGES.length; s++) {
            for (int i = 0; i < STAGES[s].length; i++) {
                int out = spec.scale(STAGES[s][i]);
                String p = "stage" + (s + 1) + "." + (i + 1);
                x = g.add(p + ".conv", init.conv(channels, out, 3, 1, 1, 1, true), x);
                x = g.add(p + ".bn", init.batchNorm(out), x);
                x = g.add(p + ".relu", new Relu(), x);
                channels = out;
            }
            x = g.add("stage" + (s + 1) + ".pool", MaxPool.of(2, 2), x);
        }
        x = g.add("flatten", new Flatten(), x);
        int features = g.shape(x).dim(0);
        x = g.add("fc", init.linear(features, spec.classes()), x);
        return g.build(x);
    }
}
