package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes a {@code TensorProto} into a {@link Value.Const}. The declared dims are checked (none negative, a
 * bounded element count) and must agree with the data actually present before any array is made, so a tensor that
 * claims 10^12 elements over a few bytes fails at once. Weights must be float32 and finite; shape arithmetic
 * takes int64 or int32.
 */
final class Tensors {
    /** Integer tensors only ever hold shapes, axes and indices. */
    private static final long MAX_INT_ELEMENTS = 1 << 16;

    private Tensors() {
    }

    static Value.Const decode(TensorProto t, String what, ExternalData externalData, String label) {
        if (t.hasSegment()) {
            throw fail(label, what, "segmented tensors are not supported");
        }
        long[] dims = dims(t, what, label);
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        int type = t.getDataType();
        boolean external = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
        if (type == DataType.FLOAT_VALUE) {
            if (n > Limits.MAX_TENSOR_ELEMENTS) {
                throw fail(label, what, n + " elements, more than the " + Limits.MAX_TENSOR_ELEMENTS + " allowed");
            }
            float[] values;
            if (external) {
                values = floats(externalData.read(t, n * 4, what));
            } else if (t.hasRawData()) {
                values = floats(raw(t.getRawData(), n, 4, what, label));
            } else {
                if (t.getFloatDataCount() != n) {
                    throw fail(label, what, "dims need " + n + " values, float_data holds " + t.getFloatDataCount());
                }
                values = new float[(int) n];
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getFloatData(i);
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw fail(label, what, "value " + values[i] + " at index " + i + " (weights must be finite)");
                }
            }
            return new Value.Const(what, dims, values, null);
        }
        if (type == DataType.INT64_VALUE || type == DataType.INT32_VALUE) {
            if (n > MAX_INT_ELEMENTS) {
                throw fail(label, what, "integer tensor of " + n + " elements; only small shape constants are read");
            }
            int width = type == DataType.INT64_VALUE ? 8 : 4;
            long[] values = new long[(int) n];
            if (external || t.hasRawData()) {
                byte[] bytes = external ? externalData.read(t, n * width, what) : raw(t.getRawData(), n, width, what, label);
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < values.length; i++) {
                    values[i] = width == 8 ? b.getLong() : b.getInt();
                }
            } else {
                int count = width == 8 ? t.getInt64DataCount() : t.getInt32DataCount();
                if (count != n) {
                    throw fail(label, what, "dims need " + n + " values, " + (width == 8 ? "int64_data" : "int32_data")
                            + " holds " + count);
                }
                for (int i = 0; i < values.length; i++) {
                    values[i] = width == 8 ? t.getInt64Data(i) : t.getInt32Data(i);
                }
            }
            return new Value.Const(what, dims, null, values);
        }
        if (type == DataType.BOOL_VALUE) {
            // Flags such as Dropout's training_mode: one byte each in raw_data, else in int32_data.
            if (external || n > MAX_INT_ELEMENTS) {
                throw fail(label, what, "boolean tensors are read only inline and small");
            }
            long[] values = new long[(int) n];
            if (t.hasRawData()) {
                byte[] bytes = raw(t.getRawData(), n, 1, what, label);
                for (int i = 0; i < values.length; i++) {
                    values[i] = bytes[i] != 0 ? 1 : 0;
                }
            } else if (t.getInt32DataCount() == n) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = t.getInt32Data(i) != 0 ? 1 : 0;
                }
            } else {
                throw fail(label, what, "dims need " + n + " values, int32_data holds " + t.getInt32DataCount());
            }
            return new Value.Const(what, dims, null, values);
        }
        DataType dt = DataType.forNumber(type);
        throw fail(label, what, "data type " + (dt == null ? String.valueOf(type) : dt.name())
                + " is not supported (weights must be FLOAT, shape constants INT64 or INT32)");
    }

    private static long[] dims(TensorProto t, String what, String label) {
        if (t.getDimsCount() > Limits.MAX_RANK) {
            throw fail(label, what, "rank " + t.getDimsCount() + " is more than " + Limits.MAX_RANK);
        }
        long[] dims = new long[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = t.getDims(i);
            if (d < 0) {
                throw fail(label, what, "negative dimension " + d);
            }
            if (d > Limits.MAX_TENSOR_ELEMENTS) {
                throw fail(label, what, "dimension " + d + " is larger than any tensor may be");
            }
            dims[i] = d;
            n *= d; // both factors are at most 2^28 and n is checked below, so this never overflows
            if (n > Limits.MAX_TENSOR_ELEMENTS) {
                throw fail(label, what, "dims " + java.util.Arrays.toString(t.getDimsList().toArray())
                        + " declare more than " + Limits.MAX_TENSOR_ELEMENTS + " elements");
            }
        }
        return dims;
    }

    private static byte[] raw(ByteString raw, long n, int width, String what, String label) {
        if (raw.size() != n * width) {
            throw fail(label, what, "raw_data holds " + raw.size() + " bytes, its dims and type need " + n * width);
        }
        return raw.toByteArray();
    }

    private static float[] floats(byte[] bytes) {
        float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static OnnxError fail(String label, String what, String message) {
        return new OnnxError(label + ": " + what + ": " + message);
    }
}
