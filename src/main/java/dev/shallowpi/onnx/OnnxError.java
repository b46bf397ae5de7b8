package dev.shallowpi.onnx;

/**
 * An ONNX file that shallowpi cannot take: damaged, hostile, or using something outside the supported set. The
 * message is one line and names the file and, where there is one, the node or tensor at fault. Every failure of
 * reading a model ends as this type, so callers (the CLI, the fuzz test) need to know no other.
 */
public class OnnxError extends RuntimeException {
    public OnnxError(String message) {
        super(message);
    }

    public OnnxError(String message, Throwable cause) {
        super(message, cause);
    }
}
