package dev.shallowpi.zoo;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Relu;

/**
 * CIFAR-layout ResNets of BasicBlocks: 3x3 stem conv, no max-pool, stages of conv3x3-BN-ReLU-conv3x3-BN
 * (+ shortcut) then ReLU, a 1x1 conv + BN projection where the shape changes, global average pool and a
 * linear head. ResNet-18/34 use widths 64/128/256/512 ("kuangliu" layout); ResNet-20/32/56 use 16/32/64
 * with the same projection shortcuts (option B).
 *
 * <p>Node names follow PyTorch's module names (layer1.0.conv1, ...), so imported models line up.
 */
final class ResNets {
    private ResNets() {
    }

    static Graph resnet18(ModelSpec spec) {
        return build(spec, 64, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2});
    }

    static Graph resnet34(ModelSpec spec) {
        return build(spec, 64, new int[] {64, 128, 256, 512}, new int[] {3, 4, 6, 3});
    }

    /** ResNet-(6n+2) for CIFAR: 20, 32, 56, ... */
    static Graph cifarResnet(ModelSpec spec, int depth) {
        int n = (depth - 2) / 6;
        return build(spec, 16, new int[] {16, 32, 64}, new int[] {n, n, n});
    }

    private static Graph build(ModelSpec spec, int stem, int[] widths, int[] blocks) {
        Init init = new Init(spec.seed());
        GraphBuilder g = new GraphBuilder().input("input", spec.input());
        int channels = spec.scale(stem);
        String x = g.add("conv1", init.conv(spec.input().channels(), channels, 3, 1, 1, 1, false), "input");
        x = g.add("bn1", init.batchNorm(channels), x);
        x = g.add("relu", new Relu(), x);
        for (int stage = 0; stage < widths.length; stage++) {
            int out = spec.scale(widths[stage]);
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = (stage > 0 && b == 0) ? 2 : 1;
                x = basicBlock(g, init, "layer" + (stage + 1) + "." + b, x, channels, out, stride);
                channels = out;
            }
        }
        x = g.add("avgpool", new GlobalAvgPool(), x);
        x = g.add("flatten", new Flatten(), x);
        x = g.add("fc", init.linear(channels, spec.classes()), x);
        return g.build(x);
    }

    private static String basicBlock(GraphBuilder g, Init init, String p, String in, int cin, int cout, int stride) {
        String y = g.add(p + ".conv1", init.conv(cin, cout, 3, stride, 1, 1, false), in);
        y = g.add(p + ".bn1", init.batchNorm(cout), y);
        y = g.add(p + ".relu1", new Relu(), y);
        y = g.add(p + ".conv2", init.conv(cout, cout, 3, 1, 1, 1, false), y);
        y = g.add(p + ".bn2", init.batchNorm(cout), y);
        String shortcut = in;
        if (stride != 1 || cin != cout) {
            shortcut = g.add(p + ".shortcut.0", init.conv(cin, cout, 1, stride, 0, 1, false), in);
            shortcut = g.add(p + ".shortcut.1", init.batchNorm(cout), shortcut);
        }
        y = g.add(p + ".add", new Add(), y, shortcut);
        return g.add(p + ".relu2", new Relu(), y);
    }
}
