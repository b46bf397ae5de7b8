package dev.shallowpi.method.channels;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.GraphBuilder;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.selection.BudgetException;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SNL's binarisation: at or under the budget, as close to it as single channels allow, largest alphas first. */
class ChannelSelectionTest {
    /** Two ReLU layers: a 2-channel 4x4 map (16 ReLUs a channel) and a 3-channel 2x2 one (4 a channel). */
    private static Graph twoLayers() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(2, 4, 4));
        b.add("big", new Relu(), "x");
        b.add("pool", new dev.shallowpi.ir.MaxPool(dev.shallowpi.ir.Hw.square(2), dev.shallowpi.ir.Hw.square(2),
                dev.shallowpi.ir.Padding.NONE, false), "big");
        b.add("wide", dev.shallowpi.ir.Conv2d.simple(dev.shallowpi.ir.Tensor.filled(new int[] {3, 2, 1, 1}, 1f), null,
                1, 0), "pool");
        b.add("small", new Relu(), "wide");
        return b.build("small");
    }

    @Test
    void keepsTheLargestAlphasThatFitAndFillsTheRestWithSmallerChannels() {
        Graph g = twoLayers();
        Map<String, float[]> alphas = new LinkedHashMap<>();
        alphas.put("big", new float[] {0.9f, 0.5f});
        alphas.put("small", new float[] {0.2f, -0.8f, 0.1f});
        // budget 27: big[0] (0.9, 16) fits -> 16; small[1] (|-0.8|, 4) -> 20; big[1] (0.5, 16) does not fit;
        // small[0] (0.2, 4) -> 24; small[2] (0.1, 4) would be 28: skipped
        ChannelMasks m = ChannelSelection.binarise(g, alphas, 27);
        assertArrayEquals(new boolean[] {true, false}, m.mask("big"));
        assertArrayEquals(new boolean[] {true, true, false}, m.mask("small"));
        assertEquals(24, m.relus(g));
        assertEquals(24, CostAnalysis.of(MaskLowering.apply(g, m)).relus());
    }

    @Test
    void nodesWithoutAlphasCountFirstAndABudgetTheyExceedIsRefused() {
        Graph g = twoLayers();
        Map<String, float[]> alphas = Map.of("small", new float[] {1f, 1f, 1f});
        ChannelMasks m = ChannelSelection.binarise(g, alphas, 40);
        assertEquals(40, m.relus(g), "32 fixed in 'big' and 2 of 3 channels of 'small'");
        BudgetException e = assertThrows(BudgetException.class, () -> ChannelSelection.binarise(g, alphas, 31));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
    }

    /** On a real model and any budget: never over it, and no channel left out that would still fit. */
    @Property(tries = 30)
    void neverOverTheBudgetAndNothingThatFitsIsLeftOut(@ForAll @LongRange(min = 0, max = 40_000) long budget) {
        Graph g = Zoo.build(new ModelSpec("resnet20", 0.25, 10, Shape.parse("1x28x28"), 1));
        Random r = new Random(budget);
        Map<String, float[]> alphas = new LinkedHashMap<>();
        for (var n : g.nodes()) {
            if (n.op() instanceof Relu) {
                int c = g.shape(n.name()).dim(0);
                float[] a = new float[c];
                for (int i = 0; i < c; i++) {
                    a[i] = (float) r.nextGaussian();
                }
                alphas.put(n.name(), a);
            }
        }
        ChannelMasks m = ChannelSelection.binarise(g, alphas, budget);
        long relus = CostAnalysis.of(MaskLowering.apply(g, m)).relus();
        assertEquals(m.relus(g), relus);
        assertTrue(relus <= budget, relus + " > " + budget);
        for (Map.Entry<String, boolean[]> e : m.masks().entrySet()) {
            long plane = g.shape(e.getKey()).elements() / e.getValue().length;
            for (boolean kept : e.getValue()) {
                assertTrue(kept || relus + plane > budget, "a channel of " + e.getKey() + " (" + plane
                        + " ReLUs) would still fit: " + relus + " of " + budget);
            }
        }
    }
}
