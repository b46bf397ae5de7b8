package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.shallowpi.ir.Add;
import dev.shallowpi.ir.AvgPool;
import dev.shallowpi.ir.BatchNorm;
import dev.shallowpi.ir.ChannelGather;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Flatten;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Linear;
import dev.shallowpi.ir.MaxPool;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Padding;
import dev.shallowpi.ir.ReferenceExecutor;
import dev.shallowpi.ir.Relu;
import dev.shallowpi.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static dev.shallowpi.onnx.Protos.floats;
import static dev.shallowpi.onnx.Protos.input;
import static dev.shallowpi.onnx.Protos.integer;
import static dev.shallowpi.onnx.Protos.ints;
import static dev.shallowpi.onnx.Protos.load;
import static dev.shallowpi.onnx.Protos.longs;
import static dev.shallowpi.onnx.Protos.model;
import static dev.shallowpi.onnx.Protos.node;
import static dev.shallowpi.onnx.Protos.random;
import static dev.shallowpi.onnx.Protos.real;
import static dev.shallowpi.onnx.Protos.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The op forms exporters write, each converted as ONNX defines it, and the forms shallowpi refuses, by name. */
class OnnxImporterTest {
    private final Random random = new Random(11);

    private static double[] run(Graph g, double... x) {
        return ReferenceExecutor.run(g, new DoubleTensor(new int[] {1, x.length}, x)).data();
    }

    @Test
    void gemmWithAlphaBetaAndAnUntransposedWeightIsOneLinearLayer() {
        float[] b = {1, 2, 3, 4, 5, 6}; // [in 2, out 3]
        OnnxMl.ModelProto m = model(13, input("x", "N", 2), "y", List.of(node("Gemm", "fc", List.of("x", "B", "C"),
                        "y", real("alpha", 2f), real("beta", 0.5f))),
                List.of(floats("B", new long[] {2, 3}, b), floats("C", new long[] {3}, new float[] {10, 20, 30})));
        Graph g = load(m).graph();
        Linear l = (Linear) g.node("fc").op();
        assertEquals(3, l.outFeatures());
        double[] y = run(g, 1, -1);
        // 2 * (x . B) + 0.5 * C, with x . B = [1 - 4, 2 - 5, 3 - 6]
        assertEquals(List.of(-1.0, 4.0, 9.0), List.of(y[0], y[1], y[2]));
    }

    @Test
    void matMulFollowedByAnAddIsOneLinearLayerNamedAfterTheMatMul() {
        OnnxMl.ModelProto m = model(13, input("x", "N", 4), "z", List.of(
                node("MatMul", "mm", List.of("x", "W"), "p"),
                node("Add", "bias", List.of("p", "b"), "q"),
                node("Relu", "act", List.of("q"), "z")),
                List.of(random("W", random, 4, 3), random("b", random, 3)));
        Graph g = load(m).graph();
        assertEquals(List.of("mm", "act"), g.nodes().stream().map(Node::name).toList());
        Linear l = (Linear) g.node("mm").op();
        assertTrue(l.bias() != null && l.inFeatures() == 4 && l.outFeatures() == 3);
    }

    @Test
    void aMatMulWhoseProductIsReadTwiceKeepsNoFoldedBias() {
        OnnxMl.ModelProto m = model(13, input("x", "N", 4), "z", List.of(
                node("MatMul", "mm", List.of("x", "W"), "p"),
                node("Add", "bias", List.of("p", "b"), "q"),
                node("Add", "join", List.of("p", "q"), "z")),
                List.of(random("W", random, 4, 3), random("b", random, 3)));
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().contains("'bias' (Add)"), e.getMessage());
    }

    @Test
    void sumDropoutIdentityAndConstantsNeedNoNodesOfTheirOwn() {
        OnnxMl.ModelProto m = model(13, input("x", "N", 4), "s", List.of(
                node("Relu", "r1", List.of("x"), "a"),
                node("Identity", "id", List.of("a"), "b"),
                node("Dropout", "drop", List.of("x"), "c"),
                node("Constant", "k", List.of(), "kval", Protos.tensorAttr("value",
                        floats("t", new long[] {}, new float[] {0.5f}))),
                node("Dropout", "drop2", List.of("c", "kval"), "d"),
                node("Sum", "s3", List.of("a", "b", "d"), "s")),
                List.of());
        Graph g = load(m).graph();
        assertEquals(List.of("r1", "s3/sum1", "s3"), g.nodes().stream().map(Node::name).toList());
        assertInstanceOf(Add.class, g.node("s3").op());
        double[] y = run(g, 1, -2, 3, -4);
        assertEquals(List.of(3.0, -2.0, 9.0, -4.0), List.of(y[0], y[1], y[2], y[3]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1,48", "0,-1", "0,48", "2,-1"})
    void reshapesThatKeepTheBatchAndFlattenTheRestAreFlattens(String target) {
        long[] t = java.util.Arrays.stream(target.split(",")).mapToLong(Long::parseLong).toArray();
        OnnxMl.ModelProto m = model(13, input("x", 2, 3, 4, 4), "y", List.of(
                node("Relu", "r", List.of("x"), "a"),
                node("Reshape", "view", List.of("a", "shape"), "y")),
                List.of(longs("shape", new long[] {2}, t)));
        Graph g = load(m).graph();
        assertInstanceOf(Flatten.class, g.node("view").op());
        assertEquals(Shape.of(48), g.outputShape());
    }

    @ParameterizedTest
    @ValueSource(strings = {"3,-1", "-1,3,16", "2,6,8", "-1,-1"})
    void otherReshapesAreRefusedByName(String target) {
        long[] t = java.util.Arrays.stream(target.split(",")).mapToLong(Long::parseLong).toArray();
        OnnxMl.ModelProto m = model(13, input("x", 2, 3, 4, 4), "y", List.of(
                node("Reshape", "view", List.of("x", "shape"), "y")),
                List.of(longs("shape", new long[] {t.length}, t)));
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().startsWith("test.onnx: node 'view' (Reshape): "), e.getMessage());
    }

    @Test
    void aZeroPadBeforeAConvIsTakenIntoItsPadding() {
        OnnxMl.ModelProto m = model(13, input("x", "N", 2, 5, 5), "y", List.of(
                node("Pad", "pad", List.of("x", "pads"), "p"),
                node("Conv", "conv", List.of("p", "W"), "y", ints("pads", 1, 0, 0, 1))),
                List.of(longs("pads", new long[] {8}, 0, 0, 2, 1, 0, 0, 0, 3), random("W", random, 3, 2, 3, 3)));
        Conv2d conv = (Conv2d) load(m).graph().node("conv").op();
        assertEquals(new Padding(3, 1, 0, 4), conv.padding(), "the Pad's (2, 1, 0, 3) plus the conv's (1, 0, 0, 1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transpose", "Mul", "ReduceMean", "Slice", "MaxPool"})
    void patternsBesideTheSupportedOnesAreRefusedByNode(String op) {
        List<NodeProto> nodes = switch (op) {
            case "Transpose" -> List.of(node("Transpose", "t", List.of("x"), "y", ints("perm", 0, 1, 3, 2)));
            case "Mul" -> List.of(node("Mul", "t", List.of("x", "s0"), "y"));
            case "ReduceMean" -> List.of(node("ReduceMean", "t", List.of("x"), "y", ints("axes", 1)));
            case "Slice" -> List.of(node("Slice", "t", List.of("x", "s0", "s1", "ax"), "y"));
            default -> List.of(node("Pad", "pad", List.of("x", "pads"), "p"),
                    node("MaxPool", "t", List.of("p"), "y", ints("kernel_shape", 2, 2)));
        };
        OnnxMl.ModelProto m = model(13, input("x", "N", 2, 4, 4), "y", nodes, List.of(
                longs("s0", new long[] {1}, 0), longs("s1", new long[] {1}, 2), longs("ax", new long[] {1}, 2),
                longs("pads", new long[] {8}, 0, 0, 1, 1, 0, 0, 1, 1)));
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().startsWith("test.onnx: node 't' (" + op + "): "), e.getMessage());
    }

    @Test
    void aSplitOfTheChannelsBecomesOneGatherPerPart() {
        // opset 18's num_outputs: parts of ceil(5 / 2) = 3 channels, the last one smaller
        NodeProto split = node("Split", "sp", List.of("x"), "a", integer("axis", 1), integer("num_outputs", 2))
                .toBuilder().addOutput("b").build();
        Graph g = load(model(18, input("x", "N", 5, 2, 2), "y",
                List.of(split, node("Concat", "cat", List.of("b", "a"), "y", integer("axis", 1))), List.of()))
                .graph();
        assertArrayEquals(new int[] {0, 1, 2}, ((ChannelGather) g.node("sp/0").op()).channels());
        assertArrayEquals(new int[] {3, 4}, ((ChannelGather) g.node("sp/1").op()).channels());
        assertEquals(Shape.of(5, 2, 2), g.outputShape());
        // opset 13 without sizes: equal parts, which 5 channels are not in 2
        NodeProto equal = node("Split", "sp", List.of("x"), "a", integer("axis", 1)).toBuilder().addOutput("b")
                .build();
        OnnxError e = assertThrows(OnnxError.class, () -> load(model(13, input("x", "N", 5, 2, 2), "y",
                List.of(equal, node("Concat", "cat", List.of("b", "a"), "y", integer("axis", 1))), List.of())));
        assertEquals("test.onnx: node 'sp' (Split): 5 channels do not split into 2 equal parts", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"axis 2", "sizes 1,2", "sizes 0,4", "sizes from an activation"})
    void otherSplitsAreRefusedByNode(String what) {
        List<String> inputs = what.startsWith("sizes from") ? List.of("x", "x") : what.startsWith("sizes")
                ? List.of("x", "sizes") : List.of("x");
        long[] sizes = what.startsWith("sizes ") && !what.contains("from")
                ? java.util.Arrays.stream(what.substring(6).split(",")).mapToLong(Long::parseLong).toArray()
                : new long[] {2, 2};
        NodeProto split = node("Split", "sp", inputs, "a", integer("axis", what.equals("axis 2") ? 2 : 1))
                .toBuilder().addOutput("b").build();
        OnnxError e = assertThrows(OnnxError.class, () -> load(model(13, input("x", "N", 4, 2, 2), "y",
                List.of(split, node("Concat", "cat", List.of("b", "a"), "y", integer("axis", 1))),
                List.of(longs("sizes", new long[] {2}, sizes)))));
        assertTrue(e.getMessage().startsWith("test.onnx: node 'sp' (Split): "), e.getMessage());
    }

    @Test
    void theShapeArithmeticOfViewAtOpset13FoldsToAFlatten() {
        OnnxMl.ModelProto m = model(13, input("x", "batch", 2, 3, 3), "y", List.of(
                node("Shape", "shape", List.of("x"), "s"),
                node("Constant", "zero", List.of(), "i0", Protos.tensorAttr("value", longs("z", new long[] {}, 0))),
                node("Gather", "g", List.of("s", "i0"), "n"),
                node("Constant", "axes", List.of(), "ax", Protos.tensorAttr("value", longs("a", new long[] {1}, 0))),
                node("Unsqueeze", "u", List.of("n", "ax"), "n1"),
                node("Constant", "minus", List.of(), "m1", Protos.tensorAttr("value", longs("m", new long[] {1}, -1))),
                node("Concat", "cat", List.of("n1", "m1"), "target", integer("axis", 0)),
                node("Reshape", "view", List.of("x", "target"), "y")),
                List.of());
        Graph g = load(m).graph();
        assertEquals(1, g.nodes().size());
        assertInstanceOf(Flatten.class, g.node("view").op());
    }

    @Test
    void autoPadSameUpperPutsTheOddPixelAfter() {
        OnnxMl.ModelProto m = model(13, input("x", 1, 1, 6, 6), "y", List.of(node("Conv", "c", List.of("x", "w"), "y",
                string("auto_pad", "SAME_UPPER"), ints("strides", 2, 2))), List.of(random("w", random, 2, 1, 3, 3)));
        Conv2d c = (Conv2d) load(m).graph().node("c").op();
        assertEquals(new Padding(0, 0, 1, 1), c.padding());
        assertNull(c.bias());
    }

    @Test
    void poolingAttributesFollowOnnxDefaults() {
        OnnxMl.ModelProto m = model(13, input("x", 1, 1, 7, 7), "y", List.of(
                node("MaxPool", "mp", List.of("x"), "a", ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        integer("ceil_mode", 1), ints("pads", 0, 1, 1, 0)),
                node("AveragePool", "ap", List.of("a"), "y", ints("kernel_shape", 2, 2), ints("pads", 1, 1, 1, 1))),
                List.of());
        Graph g = load(m).graph();
        MaxPool mp = (MaxPool) g.node("mp").op();
        assertTrue(mp.ceilMode());
        assertEquals(new Padding(0, 1, 1, 0), mp.padding());
        assertFalse(((AvgPool) g.node("ap").op()).countIncludePad(), "ONNX's count_include_pad defaults to 0");
    }

    @Test
    void batchNormKeepsEpsAndPyTorchsMomentumExactly() {
        Graph g = OnnxImporter.read(Fixtures.model(Fixtures.RESNET18_PRESERVE)).graph();
        BatchNorm bn = (BatchNorm) g.node("/bn1/BatchNormalization").op();
        assertEquals(1e-5, bn.eps());
        assertEquals(0.1, bn.momentum());
        assertInstanceOf(Relu.class, g.node("/relu/Relu").op());
    }

    @Test
    void anUnsupportedOpNamesItsTypeTheNodeAndTheSupportedList() {
        OnnxMl.ModelProto m = model(13, input("x", 1, 4), "y", List.of(node("Tanh", "/act/Tanh", List.of("x"),
                "y")), List.of());
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().contains("'Tanh'") && e.getMessage().contains("'/act/Tanh'")
                && e.getMessage().contains("supported: Conv, BatchNormalization, Relu"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 22})
    void opsetsOutside11To21AreRefused(int opset) {
        OnnxMl.ModelProto m = model(opset, input("x", 1, 4), "y", List.of(node("Relu", "r", List.of("x"), "y")),
                List.of());
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().contains("opset " + opset), e.getMessage());
    }

    static List<Object[]> refusals() {
        Random r = new Random(3);
        TensorProto w = random("w", r, 2, 1, 3, 3);
        return List.of(
                new Object[] {node("Conv", "c", List.of("x", "w"), "y", ints("kernel_shape", 3, 3),
                        integer("mystery", 1)), "'mystery' is not supported"},
                new Object[] {node("Conv", "c", List.of("x", "w"), "y", ints("kernel_shape", 5, 5)),
                        "does not match"},
                new Object[] {node("Conv", "c", List.of("x", "x"), "y"), "must be an initializer"},
                new Object[] {node("BatchNormalization", "bn", List.of("x", "s", "s", "s", "s"), "y",
                        integer("training_mode", 1)), "training_mode=1"},
                new Object[] {node("MatMul", "fc", List.of("x", "w"), "y"), "batch of vectors"},
                new Object[] {node("MaxPool", "mp", List.of("x"), "y", ints("kernel_shape", 2, 2),
                        ints("dilations", 2, 2)), "dilated"},
                new Object[] {node("Flatten", "f", List.of("x"), "y", integer("axis", 2)), "axis 2"},
                new Object[] {node("Add", "a", List.of("x", "s"), "y"), "bias right after a MatMul"},
                new Object[] {node("Relu", "r", List.of("x"), "y").toBuilder().setDomain("com.microsoft").build(),
                        "domain 'com.microsoft'"});
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("refusals")
    void formsOutsideTheSupportedSetAreRefusedNamingTheNode(NodeProto n, String expected) {
        OnnxMl.ModelProto m = model(14, input("x", 1, 1, 5, 5), "y", List.of(n), List.of(
                random("w", random, 2, 1, 3, 3), floats("s", new long[] {1}, new float[] {1})));
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().startsWith("test.onnx: node '" + n.getName() + "' (" + n.getOpType() + "): "),
                e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void gemmOnATransposedBatchIsRefused() {
        OnnxMl.ModelProto m = model(13, input("x", 1, 4), "y", List.of(node("Gemm", "fc", List.of("x", "w"), "y",
                integer("transA", 1))), List.of(random("w", random, 4, 3)));
        OnnxError e = assertThrows(OnnxError.class, () -> load(m));
        assertTrue(e.getMessage().contains("'fc' (Gemm): transA=1"), e.getMessage());
    }

    @Test
    void aModelWithTwoImageInputsIsRefused() {
        OnnxMl.ModelProto m = model(13, input("x", 1, 4), "y", List.of(node("Add", "a", List.of("x", "x2"), "y")),
                List.of());
        OnnxMl.ModelProto two = m.toBuilder().setGraph(m.getGraph().toBuilder().addInput(input("x2", 1, 4))).build();
        OnnxError e = assertThrows(OnnxError.class, () -> load(two));
        assertTrue(e.getMessage().contains("2 inputs"), e.getMessage());
    }

    @Test
    void theImportedGraphsOfTheFixturesKeepPyTorchsNodeNames() {
        Graph g = OnnxImporter.read(Fixtures.model(Fixtures.RESNET18_EVAL)).graph();
        assertTrue(g.hasNode("/layer1/layer1.0/conv1/Conv"));
        assertTrue(g.hasNode("/layer1/layer1.0/relu_1/Relu"));
        assertEquals("/fc/Gemm", g.output());
        assertEquals(Shape.of(1, 28, 28), g.inputs().get(0).shape());
        assertTrue(g.nodes().stream().noneMatch(n -> n.op() instanceof BatchNorm), "eval export folded every BN");
    }

    @Test
    void gatherAndConcatOnChannelsOfActivationsAreChannelOps() {
        // Gather with axis -3 (axis 1 of a rank-4 batch) and a negative index, then Concat with axis -3
        OnnxMl.ModelProto m = model(17, input("x", "N", 3, 2, 2), "y", List.of(
                node("Gather", "pick", List.of("x", "idx"), "p", integer("axis", -3)),
                node("Relu", "act", List.of("p"), "r"),
                node("Gather", "others", List.of("x", "rest"), "q", integer("axis", 1)),
                node("Concat", "join", List.of("r", "q"), "y", integer("axis", -3))),
                List.of(longs("idx", new long[] {2}, -1, 0), longs("rest", new long[] {1}, 1)));
        Graph g = load(m).graph();
        assertEquals(new dev.shallowpi.ir.ChannelGather(new int[] {2, 0}), g.node("pick").op());
        assertInstanceOf(dev.shallowpi.ir.Concat.class, g.node("join").op());
        assertEquals(Shape.of(3, 2, 2), g.outputShape());
        assertEquals(2 * 4, dev.shallowpi.cost.CostAnalysis.of(g).relus());
    }

    @Test
    void gatherOnAnotherAxisOrWithAScalarIndexAndConcatOnAnotherAxisAreRefusedByName() {
        OnnxMl.ModelProto axis2 = model(17, input("x", "N", 3, 2, 2), "y", List.of(
                node("Gather", "rows", List.of("x", "idx"), "y", integer("axis", 2))),
                List.of(longs("idx", new long[] {1}, 0)));
        OnnxError e = assertThrows(OnnxError.class, () -> load(axis2));
        assertTrue(e.getMessage().contains("rows") && e.getMessage().contains("axis 2"), e.getMessage());
        OnnxMl.ModelProto scalar = model(17, input("x", "N", 3, 2, 2), "y", List.of(
                node("Gather", "one", List.of("x", "idx"), "y", integer("axis", 1))),
                List.of(longs("idx", new long[0], 1)));
        e = assertThrows(OnnxError.class, () -> load(scalar));
        assertTrue(e.getMessage().contains("one") && e.getMessage().contains("scalar"), e.getMessage());
        OnnxMl.ModelProto outside = model(17, input("x", "N", 3, 2, 2), "y", List.of(
                node("Gather", "far", List.of("x", "idx"), "y", integer("axis", 1))),
                List.of(longs("idx", new long[] {1}, 3)));
        e = assertThrows(OnnxError.class, () -> load(outside));
        assertTrue(e.getMessage().contains("far") && e.getMessage().contains("index 3"), e.getMessage());
        OnnxMl.ModelProto wide = model(17, input("x", "N", 3, 2, 2), "y", List.of(
                node("Concat", "side", List.of("x", "x"), "y", integer("axis", 3))), List.of());
        e = assertThrows(OnnxError.class, () -> load(wide));
        assertTrue(e.getMessage().contains("side") && e.getMessage().contains("axis 3"), e.getMessage());
    }
}
