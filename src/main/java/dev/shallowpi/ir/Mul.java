package dev.shallowpi.ir;

import java.util.List;

/**
 * The element-wise product of two activations, the second broadcast over height and width when it is C x 1 x 1:
 * SiLU's and hard-swish's {@code x * gate(x)}, and squeeze-excitation's scaling of each channel. Under PI a product
 * of two secret values costs a multiplication triple per element, not a MAC.
 */
public record Mul() implements Op {
    @Override
    public String kind() {
        return "mul";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        boolean perChannel = a.rank() == 3 && b.rank() == 3 && b.channels() == a.channels() && b.height() == 1
                && b.width() == 1;
        if (!a.equals(b) && !perChannel) {
            throw new IllegalArgumentException("multiplies " + a + " by " + b + "; the second factor must have the "
                    + "first's shape, or be C x 1 x 1 (one factor a channel)");
        }
        return a;
    }
}
