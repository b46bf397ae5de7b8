package dev.shallowpi.ir;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphTest {
    private static Conv2d conv(int in, int out) {
        return Conv2d.simple(Tensor.filled(new int[] {out, in, 3, 3}, 0.1f), null, 1, 1);
    }

    @Test
    void infersShapesAndKnowsWhoReadsWhat() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(2, 8, 8));
        String c = b.add("c", conv(2, 4), "x");
        String r = b.add("r", new Relu(), c);
        String a = b.add("a", new Add(), r, c);
        Graph g = b.build(a);
        assertEquals(Shape.of(4, 8, 8), g.outputShape());
        assertEquals(List.of("r", "a"), g.consumers("c"));
        assertEquals(List.of(), g.consumers("a"));
    }

    @Test
    void shapeMismatchNamesTheNode() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(3, 8, 8));
        b.add("stem", conv(2, 4), "x");
        ShapeException e = assertThrows(ShapeException.class, () -> b.build("stem"));
        assertTrue(e.getMessage().contains("'stem'") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void addOfDifferentShapesIsRefused() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(2, 8, 8));
        String c = b.add("c", conv(2, 4), "x");
        b.add("sum", new Add(), c, "x");
        ShapeException e = assertThrows(ShapeException.class, () -> b.build("sum"));
        assertTrue(e.getMessage().contains("'sum'"), e.getMessage());
    }

    @Test
    void structuralErrorsAreNamed() {
        Input x = new Input("x", Shape.of(1, 4, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new Graph(List.of(x), List.of(new Node("r", new Relu(), "missing")), "r"));
        assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(x),
                List.of(new Node("r", new Relu(), "x"), new Node("r", new Relu(), "x")), "r"));
        assertThrows(IllegalArgumentException.class,
                () -> new Graph(List.of(x), List.of(new Node("r", new Relu(), "x")), "nowhere"));
        assertThrows(IllegalArgumentException.class, () -> new Node("a", new Add(), "x"));
        // a node that reads a later node is out of topological order
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(x),
                List.of(new Node("a", new Relu(), "b"), new Node("b", new Relu(), "x")), "a"));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void opsRejectInconsistentWeights() {
        assertThrows(IllegalArgumentException.class,
                () -> Conv2d.simple(Tensor.filled(new int[] {4, 2, 3}, 0f), null, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Conv2d.simple(Tensor.filled(new int[] {4, 2, 3, 3}, 0f), Tensor.filled(new int[] {3}, 0f), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(Tensor.filled(new int[] {3, 1, 3, 3}, 0f), null,
                Hw.square(1), Padding.NONE, Hw.square(1), 2));
        assertThrows(IllegalArgumentException.class, () -> new Linear(Tensor.filled(new int[] {2, 3}, 0f),
                Tensor.filled(new int[] {3}, 0f)));
        Tensor one = Tensor.filled(new int[] {1}, 1f);
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm(one, one, one, Tensor.filled(new int[] {1}, -1f),
                1e-5, 0.1));
    }

    @Test
    void tensorsAreCopiedInAndOut() {
        float[] values = {1, 2, 3, 4};
        Tensor t = Tensor.of(new int[] {2, 2}, values);
        values[0] = 99;
        t.toFloatArray()[1] = 99;
        assertArrayEquals(new float[] {1, 2, 3, 4}, t.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {3}, values));
    }

    @Test
    void shapesParseTheCliNotation() {
        assertEquals(Shape.of(3, 32, 32), Shape.parse("3x32x32"));
        assertEquals("1x28x28", Shape.parse("1X28x28").toString());
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("3x"));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("3x0x4"));
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("three"));
    }

    @Test
    void executorRunsAGraphAndChecksItsInput() {
        GraphBuilder b = new GraphBuilder().input("x", Shape.of(1, 2, 2));
        String r = b.add("r", new Relu(), "x");
        String f = b.add("f", new Flatten(), r);
        String fc = b.add("fc", new Linear(Tensor.of(new int[] {1, 4}, new float[] {1, 1, 1, 1}), null), f);
        Graph g = b.build(fc);
        DoubleTensor y = ReferenceExecutor.run(g, new DoubleTensor(new int[] {1, 1, 2, 2}, new double[] {1, -2, 3, -4}));
        assertArrayEquals(new double[] {4}, y.data(), 0);
        assertThrows(IllegalArgumentException.class,
                () -> ReferenceExecutor.run(g, DoubleTensor.zeros(1, 2, 2, 2)));
    }
}
