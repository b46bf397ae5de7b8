package dev.shallowpi.ir;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.ModelCost;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channel gather and concat: shapes, refusals, the reference kernels on hand-worked cases, and their cost. */
class ChannelOpsTest {
    @Test
    void gatherSelectsChannelsInOrderAndKeepsTheRest() {
        assertEquals(Shape.of(2, 4, 5), new ChannelGather(new int[] {3, 0}).outputShape(List.of(Shape.of(6, 4, 5))));
        assertEquals(Shape.of(1), new ChannelGather(new int[] {2}).outputShape(List.of(Shape.of(3))));
        // 1 sample, 3 channels of 2 values: c0 = [1, 2], c1 = [3, 4], c2 = [5, 6]; gather [2, 0] -> [5, 6, 1, 2]
        DoubleTensor x = new DoubleTensor(new int[] {1, 3, 1, 2}, new double[] {1, 2, 3, 4, 5, 6});
        DoubleTensor y = ReferenceKernels.channelGather(x, new ChannelGather(new int[] {2, 0}));
        assertArrayEquals(new int[] {1, 2, 1, 2}, y.shape());
        assertArrayEquals(new double[] {5, 6, 1, 2}, y.data());
        // per sample: 2 samples of 2 channels, gather [1] -> the second channel of each
        DoubleTensor two = new DoubleTensor(new int[] {2, 2}, new double[] {1, 2, 3, 4});
        assertArrayEquals(new double[] {2, 4}, ReferenceKernels.channelGather(two, new ChannelGather(new int[] {1}))
                .data());
    }

    @Test
    void gatherRefusesEmptyRepeatedNegativeAndOutOfRangeChannels() {
        assertThrows(IllegalArgumentException.class, () -> new ChannelGather(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new ChannelGather(new int[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new ChannelGather(new int[] {-1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChannelGather(new int[] {4}).outputShape(List.of(Shape.of(4, 2, 2))));
        assertTrue(e.getMessage().contains("channel 4"), e.getMessage());
    }

    @Test
    void gatherIsAValueAndDescribesEveryIndex() {
        int[] idx = {0, 1, 2, 3, 7, 9, 10};
        ChannelGather g = new ChannelGather(idx);
        idx[0] = 5; // the op copied its indices
        assertEquals(new ChannelGather(new int[] {0, 1, 2, 3, 7, 9, 10}), g);
        assertEquals(g.hashCode(), new ChannelGather(new int[] {0, 1, 2, 3, 7, 9, 10}).hashCode());
        assertEquals("channels 0-3,7,9-10", g.describe());
        g.channels()[0] = 5;
        assertEquals(0, g.channel(0));
    }

    @Test
    void concatJoinsChannelsPerSample() {
        assertEquals(Shape.of(5, 3, 3), new Concat(2).outputShape(List.of(Shape.of(2, 3, 3), Shape.of(3, 3, 3))));
        assertThrows(IllegalArgumentException.class,
                () -> new Concat(2).outputShape(List.of(Shape.of(2, 3, 3), Shape.of(2, 3, 4))));
        assertThrows(IllegalArgumentException.class, () -> new Concat(1));
        // 2 samples: a = [[1], [2]] (1 channel), b = [[3, 4], [5, 6]] (2 channels) -> [[1, 3, 4], [2, 5, 6]]
        DoubleTensor a = new DoubleTensor(new int[] {2, 1, 1, 1}, new double[] {1, 2});
        DoubleTensor b = new DoubleTensor(new int[] {2, 2, 1, 1}, new double[] {3, 4, 5, 6});
        DoubleTensor y = ReferenceKernels.concat(List.of(a, b));
        assertArrayEquals(new int[] {2, 3, 1, 1}, y.shape());
        assertArrayEquals(new double[] {1, 3, 4, 2, 5, 6}, y.data());
    }

    @Test
    void aReluOnSomeChannelsCountsOnlyThoseAndGathersAndConcatsCostNothing() {
        // x: 4 channels of 3x3; ReLU on channels 1 and 3 only, the others passed through, order restored
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(4, 3, 3));
        b.add("kept", new ChannelGather(new int[] {1, 3}), "x");
        b.add("relu", new Relu(), "kept");
        b.add("rest", new ChannelGather(new int[] {0, 2}), "x");
        b.add("join", new Concat(2), "relu", "rest");
        b.add("order", new ChannelGather(new int[] {2, 0, 3, 1}), "join");
        Graph g = b.build("order");
        ModelCost c = CostAnalysis.of(g);
        assertEquals(2 * 9, c.relus());
        assertEquals(0, c.macs());
        assertEquals(0, c.params());
        assertEquals(1, c.reluDepth());
        assertEquals(1, c.reluLayers());
        DoubleTensor x = DoubleTensor.randomNormal(3, 2, Shape.of(4, 3, 3));
        DoubleTensor y = ReferenceExecutor.run(g, x);
        for (int i = 0; i < x.data().length; i++) {
            int channel = (i / 9) % 4;
            double expected = channel % 2 == 1 ? Math.max(0, x.data()[i]) : x.data()[i];
            assertEquals(expected, y.data()[i], 0, "element " + i);
        }
    }
}
