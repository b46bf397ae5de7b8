package dev.shallowpi.data;

import dev.shallowpi.ir.ArrayShapes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for float32 arrays in C order (little-endian {@code <f4}), versions 1.0 to 3.0: what
 * {@code np.save(path, x.astype(np.float32))} writes, so that Python users can hand inputs in and compare outputs.
 * Anything else (another dtype, Fortran order, a size that disagrees with the shape) is a {@link DataError} naming
 * the file and what to do.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 20;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern ORDER = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** A float32 array: its shape and values in C order. */
    public record Array(int[] shape, float[] data) {
        public Array {
            ArrayShapes.requireSize(shape, data.length);
            shape = shape.clone();
        }
    }

    public static Array read(Path file) {
        byte[] bytes;
        try {
            long size = java.nio.file.Files.size(file);
            if (size > Integer.MAX_VALUE - 64) {
                throw new DataError(file + ": " + size + " bytes is too large for one array");
            }
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataError(file + ": file not found");
        } catch (IOException e) {
            throw new DataError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(bytes, file.toString());
    }

    static Array parse(byte[] bytes, String label) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new DataError(label + ": not a .npy file (save it with numpy.save)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new DataError(label + ": truncated .npy header");
            }
            headerLen = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new DataError(label + ": .npy format version " + major + " is not supported (1 to 3 are)");
        }
        if (headerLen > MAX_HEADER || start + headerLen > bytes.length) {
            throw new DataError(label + ": damaged .npy header (length " + headerLen + ")");
        }
        String header = new String(bytes, start, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!header.startsWith("{") || !header.endsWith("}") || !descr.find() || !order.find() || !shapeText.find()) {
            throw new DataError(label + ": damaged .npy header: " + oneLine(header));
        }
        String dtype = descr.group(1);
        if (!dtype.equals("<f4")) {
            String hint = dtype.endsWith("f8") ? "float64" : dtype.startsWith(">") ? "big-endian " + dtype : dtype;
            throw new DataError(label + ": dtype " + hint + " is not supported; save float32 in C order, e.g. "
                    + "np.save(path, x.astype(np.float32))");
        }
        if (order.group(1).equals("True")) {
            throw new DataError(label + ": Fortran order is not supported; save np.ascontiguousarray(x)");
        }
        int[] shape = shape(shapeText.group(1), label);
        long n = 1;
        long dataBytes = bytes.length - start - headerLen;
        for (int d : shape) {
            n *= d; // at most 2^31 times a count that stays within the file, so it cannot overflow
            if (n > dataBytes) {
                throw new DataError(label + ": shape " + Arrays.toString(shape) + " needs more data than the file's "
                        + dataBytes + " bytes");
            }
        }
        if (dataBytes != n * 4) {
            throw new DataError(label + ": shape " + Arrays.toString(shape) + " needs " + n * 4 + " bytes of data, "
                    + "the file holds " + dataBytes);
        }
        float[] data = new float[(int) n];
        ByteBuffer.wrap(bytes, (int) (start + headerLen), (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    private static int[] shape(String text, String label) {
        String[] parts = text.split(",");
        int count = 0;
        int[] dims = new int[parts.length];
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                dims[count++] = (int) v;
            } catch (NumberFormatException e) {
                throw new DataError(label + ": damaged .npy shape (" + oneLine(text) + ")");
            }
        }
        return Arrays.copyOf(dims, count);
    }

    /** The bytes of a version 1.0 {@code .npy} file holding the array as {@code <f4}. */
    public static byte[] toBytes(Array a) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++) {
            shape.append(i > 0 ? ", " : "").append(a.shape()[i]);
        }
        shape.append(a.shape().length == 1 ? ",)" : ")");
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }");
        // NumPy pads the header with spaces and a newline so that the data starts on a 64-byte boundary.
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 4 * a.data().length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h);
        b.asFloatBuffer().put(a.data());
        return b.array();
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
