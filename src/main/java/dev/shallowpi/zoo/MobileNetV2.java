package dev.shallowpi.zoo;

import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.GlobalAvgPool;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Relu;

/**
 * MobileNetV2 in the CIFAR layout: stride-1 3x3 stem and stride 1 in the second stage (so a 32x32 input
 * ends at 4x4), inverted residual blocks (1x1 expand, 3x3 depthwise, 1x1 linear projection), a residual
 * add where stride is 1 and channels agree, a 1x1 conv to 1280 channels, global average pool and a linear
 * head. ReLU replaces ReLU6: the graph has no clipping op, and under private inference both cost one
 * comparison per element (ReLU6 two). Channels follow torchvision's rounding to multiples of 8; the expand
 * conv is left out when the expansion factor is 1, as in torchvision.
 */
final class MobileNetV2 {
    /** expansion t, output channels c, repeats n, first stride s. */
    private static final int[][] SETTINGS = {
            {1, 16, 1, 1}, {6, 24, 2, 1}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private MobileNetV2() {
    }

    static Graph mobilenetv2(ModelSpec spec) {
        Init init = new Init(spec.seed());
        GraphBuilder g = new GraphBuilder().input("input", spec.input());
        int channels = divisible(32 * spec.width());
        String x = g.add("features.0.conv", init.conv(spec.input().channels(), channels, 3, 1, 1, 1, false), "input");
        x = g.add("features.0.bn", init.batchNorm(channels), x);
        x = g.add("features.0.relu", new Relu(), x);
        int index = 1;
        for (int[] s : SETTINGS) {
            int out = divisible(s[1] * spec.width());
            for (int i = 0; i < s[2]; i++) {
                int stride = i == 0 ? s[3] : 1;
                x = invertedResidual(g, init, "features." + index++, x, channels, out, stride, s[0]);
                channels = out;
            }
        }
        int last = divisible(1280 * Math.max(1.0, spec.width()));
        String p = "features." + index;
        x = g.add(p + ".conv", init.conv(channels, last, 1, 1, 0, 1, false), x);
        x = g.add(p + ".bn", init.batchNorm(last), x);
        x = g.add(p + ".relu", new Relu(), x);
        x = g.add("avgpool", new GlobalAvgPool(), x);
        x = g.add("flatten", new Flatten(), x);
        x = g.add("classifier", init.linear(last, spec.classes()), x);
        return g.build(x);
    }

    private static String invertedResidual(GraphBuilder g, Init init, String p, String in, int cin, int cout,
                                           int stride, int expansion) {
        int hidden = Math.round(cin * (float) expansion);
        String y = in;
        if (expansion != 1) {
            y = g.add(p + ".expand.conv", init.conv(cin, hidden, 1, 1, 0, 1, false), y);
            y = g.add(p + ".expand.bn", init.batchNorm(hidden), y);
            y = g.add(p + ".expand.relu", new Relu(), y);
        }
        y = g.add(p + ".dw.conv", init.conv(hidden, hidden, 3, stride, 1, hidden, false), y);
        y = g.add(p + ".dw.bn", init.batchNorm(hidden), y);
        y = g.add(p + ".dw.relu", new Relu(), y);
        y = g.add(p + ".project.conv", init.conv(hidden, cout, 1, 1, 0, 1, false), y);
        y = g.add(p + ".project.bn", init.batchNorm(cout), y);
        if (stride == 1 && cin == cout) {
            y = g.add(p + ".add", new Add(), y, in);
        }
        return y;
    }

    /** torchvision's _make_divisible: nearest multiple of 8, never more than 10 % below the value. */
    static int divisible(double v) {
        int d = 8;
        int rounded = Math.max(d, (int) (v + d / 2.0) / d * d);
        if (rounded < 0.9 * v) {
            rounded += d;
        }
        return rounded;
    }
}
