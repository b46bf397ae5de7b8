package dev.shallowpi.ir;

import java.util.Arrays;

/**
 * Raw {@code int[]} shapes of row-major arrays (a batch dimension included or not): how many values they hold, and
 * the check that an array's length fits its shape, shared by the array records of this package and of the readers.
 */
public final class ArrayShapes {
    private ArrayShapes() {
    }

    /** The product of the dimensions (1 for no dimension); their signs are not checked. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Throws, saying how many values the shape needs, unless {@code length} values fill it. */
    public static void requireSize(int[] shape, int length) {
        long n = size(shape);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + length);
        }
    }
}
