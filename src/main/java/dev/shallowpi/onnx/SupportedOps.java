package dev.shallowpi.onnx;

import java.util.function.Consumer;

/** The ONNX ops the importer converts, and the dispatch from op type to converter. */
final class SupportedOps {
    static final String LIST = "Conv, BatchNormalization, Relu, Clip (0, max), Add, Sum, MaxPool, AveragePool, "
            + "GlobalAveragePool, Pad (zeros, before Conv or AveragePool), ReduceMean (over H and W), "
            + "Flatten, Gemm, MatMul, Identity, Dropout, Constant, Reshape, Shape, Gather, Unsqueeze, Concat, "
            + "Sigmoid, HardSigmoid, HardSwish, Mul of two activations (one may be C x 1 x 1), "
            + "the channel shuffle (Reshape into groups, Transpose, Reshape back), Slice and Split of channels, "
            + "and Add, Sub, Mul, Div and Cast on shapes";

    private SupportedOps() {
    }

    /** The layer converter when the node's first input is an activation, else the shape converter. */
    private static void byFirstInput(Step s, Consumer<Step> onActivation, Consumer<Step> onShape) {
        if (s.hasInput(0) && s.input(0) instanceof Value.Feature) {
            onActivation.accept(s);
        } else {
            onShape.accept(s);
        }
    }

    /**
     * The layer converter when any input of the node is an activation (or activations on their way to one), else
     * the shape converter.
     */
    private static void byAnyInput(Step s, Consumer<Step> onActivation, Consumer<Step> onShape) {
        for (int i = 0; i < s.inputCount(); i++) {
            if (s.hasInput(i) && !(s.input(i) instanceof Value.Const) && !(s.input(i) instanceof Value.Dims)) {
                onActivation.accept(s);
                return;
            }
        }
        onShape.accept(s);
    }

    /** Converts the node; false when its op type is not supported. */
    static boolean convert(Step s) {
        switch (s.opType()) {
            case "Conv" -> LayerOps.conv(s);
            case "BatchNormalization" -> LayerOps.batchNorm(s);
            case "Relu" -> LayerOps.relu(s);
            case "Clip" -> LayerOps.clip(s);
            case "Pad" -> SpatialOps.pad(s);
            case "ReduceMean" -> SpatialOps.reduceMean(s);
            // on activations a residual join (or a bias) and a product; on shapes, arithmetic
            case "Add" -> byAnyInput(s, LayerOps::add, ShapeOps::arithmetic);
            case "Mul" -> byAnyInput(s, LayerOps::mul, ShapeOps::arithmetic);
            case "Sub", "Div" -> ShapeOps.arithmetic(s);
            case "Sigmoid" -> LayerOps.sigmoid(s);
            case "HardSigmoid" -> LayerOps.hardSigmoid(s);
            case "HardSwish" -> LayerOps.hardSwish(s);
            case "Cast" -> ShapeOps.cast(s);
            case "Transpose" -> ChannelOps.transpose(s);
            case "Slice" -> ChannelOps.slice(s);
            case "Split" -> ChannelOps.split(s);
            case "Sum" -> LayerOps.sum(s);
            case "MaxPool" -> LayerOps.maxPool(s);
            case "AveragePool" -> LayerOps.averagePool(s);
            case "GlobalAveragePool" -> LayerOps.globalAveragePool(s);
            case "Flatten" -> LayerOps.flatten(s);
            case "Gemm" -> LayerOps.gemm(s);
            case "MatMul" -> LayerOps.matMul(s);
            case "Identity" -> LayerOps.identity(s);
            case "Dropout" -> LayerOps.dropout(s);
            case "Constant" -> ShapeOps.constant(s);
            case "Shape" -> ShapeOps.shape(s);
            // on activations these select and join channels; on shapes they are the arithmetic of x.view(...)
            case "Gather" -> byFirstInput(s, LayerOps::channelGather, ShapeOps::gather);
            case "Unsqueeze" -> ShapeOps.unsqueeze(s);
            case "Concat" -> byFirstInput(s, LayerOps::concat, ShapeOps::concat);
            case "Reshape" -> ShapeOps.reshape(s);
            default -> {
                return false;
            }
        }
        return true;
    }
}
