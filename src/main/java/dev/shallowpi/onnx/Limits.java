package dev.shallowpi.onnx;

/**
 * Bounds on what an imported model may declare. They are checked before anything of that size is allocated, so a
 * hostile file fails with an {@link OnnxError} instead of exhausting memory. Each is far above what a CNN for
 * private inference needs.
 */
final class Limits {
    /** Protocol buffers cannot describe a message above 2 GiB; Java arrays end just below it. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 64;
    /** Elements of one weight tensor (1 GiB of floats). */
    static final long MAX_TENSOR_ELEMENTS = 1L << 28;
    /** Bytes of external tensor data read for one model. */
    static final long MAX_EXTERNAL_BYTES = 4L << 30;
    /**
     * Elements of one activation per sample: a 1024x1024 map of 64 channels, 20 times VGG's largest at 224x224.
     * Running a model costs memory in proportion, so a model that declares more is refused when it is read.
     */
    static final long MAX_ACTIVATION_ELEMENTS = 1L << 26;
    /** Any spatial size, stride, padding or dilation. */
    static final int MAX_SPATIAL = 1 << 16;
    /** Channels or features of a layer. */
    static final int MAX_CHANNELS = 1 << 24;
    /** Nodes of a graph and elements of an attribute list. */
    static final int MAX_NODES = 1 << 20;
    /** Elements of a shape vector (Shape, Gather, Concat results): tensors of higher rank are not images. */
    static final int MAX_RANK = 8;
    /** Characters of a node name kept; longer ones are cut (and made unique). */
    static final int MAX_NAME = 200;

    private Limits() {
    }
}
