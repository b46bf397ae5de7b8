package dev.shallowpi.method.selection;

/**
 * The two linear layers a merge candidate's ReLU sits between: {@code firstConv -> [firstBn] -> ReLU ->
 * secondConv -> [secondBn]}. A BN is part of the pair only when it is its conv's sole reader; otherwise it is
 * null.
 */
public record ConvPair(String firstConv, String firstBn, String secondConv, String secondBn) {
    public ConvPair {
        if (firstConv == null || secondConv == null) {
            throw new IllegalArgumentException("a conv pair needs both convs");
        }
    }

    /** The value the pair produces: the second BN, or the second conv when it has none. */
    public String end() {
        return secondBn != null ? secondBn : secondConv;
    }
}
