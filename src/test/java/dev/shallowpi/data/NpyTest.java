package dev.shallowpi.data;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .npy files NumPy writes are read, ours are what NumPy reads, and anything else is named. */
class NpyTest {
    /** A file as np.save writes it, with any header and format version. */
    private static byte[] npy(int major, String header, float... values) {
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) h.length);
        } else {
            b.putInt(h.length);
        }
        b.put(h);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void writtenFilesReadBackAndAreAlignedAsNumPyWritesThem() {
        Npy.Array a = new Npy.Array(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f});
        byte[] bytes = Npy.toBytes(a);
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data starts on a 64-byte boundary");
        String header = new String(bytes, 10, headerLen, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }")
                && header.endsWith("\n"), header);
        Npy.Array back = Npy.parse(bytes, "a.npy");
        assertArrayEquals(a.shape(), back.shape());
        assertArrayEquals(a.data(), back.data());
        assertTrue(new String(Npy.toBytes(new Npy.Array(new int[] {4}, new float[4])), StandardCharsets.ISO_8859_1)
                .contains("'shape': (4,)"), "a 1-D shape is written as Python writes a 1-tuple");
    }

    @Test
    void versionsTwoAndThreeAndOtherKeyOrdersAreRead() {
        Npy.Array v2 = Npy.parse(npy(2, "{'shape': (1, 2), 'fortran_order': False, 'descr': '<f4'}\n", 7, 8), "v2");
        assertArrayEquals(new int[] {1, 2}, v2.shape());
        assertArrayEquals(new float[] {7, 8}, v2.data());
        Npy.Array v3 = Npy.parse(npy(3, "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (), }", 9), "v3");
        assertEquals(0, v3.shape().length);
        assertArrayEquals(new float[] {9}, v3.data());
    }

    @Test
    void otherDtypesOrdersAndSizesAreNamed() {
        String[][] cases = {
                {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "float64"},
                {"{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "big-endian"},
                {"{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran order"},
                {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "needs 12 bytes"},
                {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "damaged .npy shape"},
                {"{'descr': '<f4', 'fortran_order': False }", "damaged .npy header"},
                {"{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }",
                        "needs more data"},
        };
        for (String[] c : cases) {
            DataError e = assertThrows(DataError.class, () -> Npy.parse(npy(1, c[0], 1, 2), "x.npy"));
            assertTrue(e.getMessage().startsWith("x.npy: ") && e.getMessage().contains(c[1]), e.getMessage());
        }
        DataError magic = assertThrows(DataError.class, () -> Npy.parse("not numpy".getBytes(StandardCharsets.UTF_8),
                "x.npy"));
        assertTrue(magic.getMessage().contains("not a .npy file"), magic.getMessage());
        byte[] lying = npy(2, "{}", 1);
        lying[8] = (byte) 0xff;
        lying[11] = (byte) 0x7f; // a header claiming 2 GB
        DataError header = assertThrows(DataError.class, () -> Npy.parse(lying, "x.npy"));
        assertTrue(header.getMessage().contains("damaged .npy header"), header.getMessage());
        assertTrue(Arrays.equals(new int[0], Npy.parse(npy(1, "{'descr': '<f4', 'fortran_order': False, "
                + "'shape': (), }", 5), "s").shape()));
    }
}
