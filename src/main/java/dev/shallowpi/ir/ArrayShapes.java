package dev.shallowpi.ir;

import java.util.Arrays;

/**
 * Raw {@code int[]} shapes of row-major arrays (a batch dimension included or not): how many values they hold, and
 * the check that an array's length fits its shape, shared by the array records of this package and of the readers.
 */
public final class ArrayShapes {
    private ArrayShapes() {
    }

    /**
     * The product of the dimensions (1 for no dimension); their signs are not checked. A product past
     * {@code Long.MAX_VALUE} (three dimensions near 2^31 make one) is {@code Long.MAX_VALUE}, so that a bound
     * checked against it holds rather than wrapping round.
     */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
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
