package dev.shallowpi.fold;

import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Op;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.ReferenceKernels;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.ir.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The algebra against the layers it replaces, on random cases: kernels 1/3/5, strides 1/2, dilations 1/2,
 * asymmetric paddings, dense, grouped and depthwise convs, 1-16 channels, 5-17 pixels, random BN statistics.
 * In double precision (the kernels run by {@link ConvKernel#apply}) the merged layer must equal the pair to
 * 1e-9 relative; through the float weights of the graph (the reference executor) to 1e-4.
 */
class AlgebraProperties {
    private static final double DOUBLE_TOL = 1e-9;
    private static final double FLOAT_TOL = 1e-4;

    /** One random conv pair with a BN after each conv, merge-ready (the second conv unpadded). */
    record Case(int in, int mid, int out, int g1, int g2, int k1, int k2, int s1, int s2, int d1, int d2,
                Padding p1, Padding p2, int h, int w, boolean bias, long seed) {
        ConvKernel first() {
            return kernel(mid, in, g1, k1, s1, d1, p1, seed);
        }

        ConvKernel second() {
            return kernel(out, mid, g2, k2, s2, d2, p2, seed + 1);
        }

        ConvKernel kernel(int o, int c, int g, int k, int s, int d, Padding p, long sd) {
            Random r = new Random(sd);
            double[] w = new double[o * (c / g) * k * k];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            double[] b = null;
            if (bias) {
                b = new double[o];
                for (int i = 0; i < o; i++) {
                    b[i] = (float) r.nextGaussian();
                }
            }
            return new ConvKernel(o, c, g, Hw.square(k), Hw.square(s), p, Hw.square(d), w, b);
        }

        BatchNorm bn1() {
            return randomBn(mid, seed + 2);
        }

        BatchNorm bn2() {
            return randomBn(out, seed + 3);
        }

        DoubleTensor input() {
            return DoubleTensor.randomNormal(seed + 4, 2, Shape.of(in, h, w));
        }

        /** Whether the pair leaves an output on this input. */
        boolean fits() {
            int h1 = first().outputSize(h, true);
            int w1 = first().outputSize(w, false);
            return h1 > 0 && w1 > 0 && second().outputSize(h1, true) > 0 && second().outputSize(w1, false) > 0;
        }
    }

    static BatchNorm randomBn(int c, long seed) {
        Random r = new Random(seed);
        int[] s = {c};
        double eps = new double[] {1e-5, 1e-3, 0.1}[r.nextInt(3)];
        return new BatchNorm(Tensor.generate(s, i -> 0.5 + r.nextDouble()), Tensor.generate(s, i -> r.nextGaussian()),
                Tensor.generate(s, i -> r.nextGaussian()), Tensor.generate(s, i -> 0.1 + 2 * r.nextDouble()), eps, 0.1);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<int[]> channels = Combinators.combine(Arbitraries.of("dense", "grouped", "depthwise"),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 4), Arbitraries.of(1, 2, 4), Arbitraries.of(1, 2, 4))
                .as((kind, a, b, c, ga, gb) -> switch (kind) {
                    // in = g1 * a, mid = lcm(g1, g2) * b, out = g2 * c: every group count divides what it must,
                    // and no layer has more than 16 channels
                    case "dense" -> new int[] {a * 4, b * 4, c * 4, 1, 1};
                    case "grouped" -> new int[] {ga * a, Math.max(ga, gb) * b, gb * c, ga, gb};
                    default -> new int[] {4 * a, 4 * a, 4 * a, 4 * a, 4 * a};
                });
        Arbitrary<int[]> geometry = Combinators.combine(Arbitraries.of(1, 3, 5), Arbitraries.of(1, 3, 5),
                Arbitraries.of(1, 2), Arbitraries.of(1, 2), Arbitraries.of(1, 1, 2), Arbitraries.of(1, 1, 2))
                .as((k1, k2, s1, s2, d1, d2) -> new int[] {k1, k2, s1, s2, d1, d2});
        Arbitrary<Padding> padding = Arbitraries.integers().between(0, 2).list().ofSize(4)
                .map(p -> new Padding(p.get(0), p.get(1), p.get(2), p.get(3)));
        return Combinators.combine(channels, geometry, padding, Arbitraries.integers().between(5, 17),
                Arbitraries.integers().between(5, 17), Arbitraries.of(true, false), Arbitraries.longs())
                .as((c, g, p, h, w, bias, seed) -> new Case(c[0], c[1], c[2], c[3], c[4], g[0], g[1], g[2], g[3],
                        g[4], g[5], p, Padding.NONE, h, w, bias, seed));
    }

    /** The pair in double precision: conv, BN, conv, BN. */
    static DoubleTensor pair(Case c, ConvKernel first, ConvKernel second, DoubleTensor x) {
        DoubleTensor y = ReferenceKernels.batchNorm(first.apply(x), c.bn1());
        return ReferenceKernels.batchNorm(second.apply(y), c.bn2());
    }

    static ConvKernel merged(Case c) {
        return Algebra.compose(Algebra.foldBatchNorm(c.first(), c.bn1()), Algebra.foldBatchNorm(c.second(), c.bn2()));
    }

    static double relDiff(DoubleTensor reference, DoubleTensor actual) {
        return Equivalence.compare(reference, actual).maxRelDiff();
    }

    @Property(tries = 200)
    void mergedConvEqualsThePairInDoublePrecision(@ForAll("cases") Case c) {
        Assume.that(c.fits());
        DoubleTensor x = c.input();
        DoubleTensor want = pair(c, c.first(), c.second(), x);
        ConvKernel m = merged(c);
        double rel = relDiff(want, m.apply(x));
        assertTrue(rel <= DOUBLE_TOL, "relative difference " + rel + " for " + c + " merged into " + m);
        if (c.g1() == c.g2()) {
            assertTrue(m.groups() == c.g1(), "grouped alike stays grouped: " + m);
        }
    }

    @Property(tries = 200)
    void mergedConvEqualsThePairThroughFloatWeights(@ForAll("cases") Case c) {
        Assume.that(c.fits());
        GraphBuilder pair = new GraphBuilder().input("x", Shape.of(c.in(), c.h(), c.w()));
        String y = pair.add("conv1", c.first().toConv2d(), "x");
        y = pair.add("bn1", c.bn1(), y);
        y = pair.add("conv2", c.second().toConv2d(), y);
        y = pair.add("bn2", c.bn2(), y);
        GraphBuilder one = new GraphBuilder().input("x", Shape.of(c.in(), c.h(), c.w()));
        String z = one.add("merged", merged(c).toConv2d(), "x");
        Equivalence.Result r = Equivalence.check(pair.build(y), one.build(z), c.input());
        assertTrue(r.maxRelDiff() <= FLOAT_TOL, r + " for " + c);
    }

    @Property(tries = 200)
    void bothWaysOfComposingAgree(@ForAll("cases") Case c) {
        ConvKernel a = c.first();
        ConvKernel b = c.second();
        ConvKernel byTaps = Algebra.compose(a, b, false);
        // evaluation is only used up to MAX_POINTS taps a side, where interpolation keeps its digits
        Assume.that(byTaps.size().h() <= Composition.MAX_POINTS && byTaps.size().w() <= Composition.MAX_POINTS);
        double[] taps = byTaps.weight();
        double[] eval = Algebra.compose(a, b, true).weight();
        double scale = 0;
        for (double v : taps) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < taps.length; i++) {
            assertTrue(Math.abs(taps[i] - eval[i]) <= 1e-11 * Math.max(scale, 1), "tap " + i + " of " + c);
        }
    }

    /**
     * A pair padded the usual way, put in merge-ready form: equal to the original wherever the original's second
     * conv read no padding, and then exactly one conv everywhere.
     */
    @Property(tries = 200)
    void mergeReadyFormEqualsThePairInsideAndMergesExactly(@ForAll("cases") Case base,
                                                          @ForAll("paddings") Padding p2) {
        Case c = new Case(base.in(), base.mid(), base.out(), base.g1(), base.g2(), base.k1(), base.k2(), base.s1(),
                base.s2(), base.d1(), base.d2(), base.p1(), p2, base.h(), base.w(), base.bias(), base.seed());
        Assume.that(c.fits());
        Algebra.Pair ready = Algebra.mergeReady(c.first(), c.second());
        DoubleTensor x = c.input();
        DoubleTensor original = pair(c, c.first(), c.second(), x);
        DoubleTensor mergeReady = pair(c, ready.first(), ready.second(), x);
        assertArrayEquals(original.shape(), mergeReady.shape(), "same output size");
        int h1 = c.first().outputSize(c.h(), true);
        int w1 = c.first().outputSize(c.w(), false);
        int[] s = original.shape();
        for (int n = 0; n < s[0]; n++) {
            for (int o = 0; o < s[1]; o++) {
                for (int y = 0; y < s[2]; y++) {
                    for (int xx = 0; xx < s[3]; xx++) {
                        boolean inside = y * c.s2() - p2.top() >= 0
                                && y * c.s2() - p2.top() + c.d2() * (c.k2() - 1) < h1
                                && xx * c.s2() - p2.left() >= 0
                                && xx * c.s2() - p2.left() + c.d2() * (c.k2() - 1) < w1;
                        if (inside) {
                            int i = ((n * s[1] + o) * s[2] + y) * s[3] + xx;
                            assertTrue(Math.abs(original.data()[i] - mergeReady.data()[i])
                                    <= 1e-12 * (1 + Math.abs(original.data()[i])), "interior pixel " + y + "," + xx);
                        }
                    }
                }
            }
        }
        ConvKernel m = Algebra.compose(Algebra.foldBatchNorm(ready.first(), c.bn1()),
                Algebra.foldBatchNorm(ready.second(), c.bn2()));
        double rel = relDiff(mergeReady, m.apply(x));
        assertTrue(rel <= DOUBLE_TOL, "relative difference " + rel + " for " + c);
    }

    @Provide
    Arbitrary<Padding> paddings() {
        return Arbitraries.integers().between(0, 2).list().ofSize(4)
                .map(p -> new Padding(p.get(0), p.get(1), p.get(2), p.get(3)));
    }

    /**
     * A conv (any kernel, stride, dilation, groups) with padding {@code d*(k-1)/2}, plus either the identity or a
     * 1x1 projection of the same stride: folded into one conv, equal to the sum.
     */
    @Property(tries = 200)
    void foldedShortcutEqualsTheResidualSum(@ForAll("cases") Case c, @ForAll boolean identity) {
        int k = c.k1();
        int s = identity ? 1 : c.s1();
        int p = c.d1() * (k - 1) / 2;
        int channels = identity ? c.in() : c.mid();
        ConvKernel main = c.kernel(channels, c.in(), c.g1(), k, s, c.d1(), Padding.same(p), c.seed());
        Assume.that(main.outputSize(c.h(), true) > 0 && main.outputSize(c.w(), false) > 0);
        DoubleTensor x = c.input();
        DoubleTensor want;
        ConvKernel folded;
        if (identity) {
            want = ReferenceKernels.add(main.apply(x), x);
            folded = Algebra.foldIdentity(main);
        } else {
            ConvKernel sc = Algebra.foldBatchNorm(c.kernel(channels, c.in(), 1, 1, s, 1, Padding.NONE, c.seed() + 9),
                    c.bn1());
            want = ReferenceKernels.add(main.apply(x), sc.apply(x));
            folded = Algebra.foldShortcut(main, sc);
        }
        double rel = relDiff(want, folded.apply(x));
        assertTrue(rel <= DOUBLE_TOL, "relative difference " + rel + " for " + c);
    }

    @Property(tries = 200)
    void linearThenLinearEqualsOneLinear(@ForAll("cases") Case c) {
        Random r = new Random(c.seed());
        LinearMap a = new LinearMap(c.mid(), c.in(), gaussians(r, c.mid() * c.in()), c.bias() ? gaussians(r,
                c.mid()) : null);
        LinearMap b = new LinearMap(c.out(), c.mid(), gaussians(r, c.out() * c.mid()), gaussians(r, c.out()));
        LinearMap m = Algebra.compose(Algebra.foldBatchNorm(a, c.bn1()), b);
        Graph two = linearGraph(c.in(), a.toLinear(), c.bn1(), b.toLinear());
        Graph one = linearGraph(c.in(), m.toLinear());
        DoubleTensor x = DoubleTensor.randomNormal(c.seed(), 3, Shape.of(c.in()));
        assertTrue(Equivalence.check(two, one, x).maxRelDiff() <= FLOAT_TOL);
        double[] v = x.data();
        double[] first = java.util.Arrays.copyOf(v, c.in());
        double[] exact = b.apply(bnVector(a.apply(first), c.bn1()));
        double[] merged = m.apply(first);
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < exact.length; i++) {
            scale = Math.max(scale, Math.abs(exact[i]));
            diff = Math.max(diff, Math.abs(exact[i] - merged[i]));
        }
        assertTrue(diff <= DOUBLE_TOL * scale, diff + " of " + scale);
    }

    private static double[] bnVector(double[] v, BatchNorm bn) {
        DoubleTensor t = ReferenceKernels.batchNorm(new DoubleTensor(new int[] {1, v.length}, v), bn);
        return t.data();
    }

    private static Graph linearGraph(int in, Op... ops) {
        GraphBuilder g = new GraphBuilder().input("x", Shape.of(in));
        String y = "x";
        for (int i = 0; i < ops.length; i++) {
            y = g.add("l" + i, ops[i], y);
        }
        return g.build(y);
    }

    private static double[] gaussians(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return d;
    }

    @Property(tries = 50)
    void convKernelRoundTripsThroughTheGraph(@ForAll("cases") Case c) {
        Conv2d conv = c.first().toConv2d();
        Assume.that(c.fits());
        DoubleTensor x = c.input();
        GraphBuilder g = new GraphBuilder().input("x", Shape.of(c.in(), c.h(), c.w()));
        String y = g.add("c", conv, "x");
        DoubleTensor viaGraph = ReferenceExecutor.run(g.build(y), x);
        assertTrue(relDiff(viaGraph, ConvKernel.of(conv).apply(x)) <= 1e-15);
        assertTrue(relDiff(viaGraph, c.first().withGroups(1).apply(x)) <= 1e-12, "dense form of a grouped conv");
    }
}
