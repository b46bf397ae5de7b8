package dev.shallowpi.method.selection;

import java.util.ArrayList;
import java.util.List;

/**
 * A residual join whose whole residual branch is a merge pair (or a chain of them): {@code add(pair(x), x)}
 * (identity shortcut, {@code shortcutConv} null) or {@code add(pair(x), bn(conv1x1(x)))} (projection
 * shortcut). When the pair becomes one conv, the shortcut folds into it and the add disappears.
 */
public record ResidualBranch(String add, String shortcutConv, String shortcutBn) {
    public boolean isIdentity() {
        return shortcutConv == null;
    }

    /** The nodes that disappear with the add: the shortcut conv and BN (if any), then the add. */
    public List<String> nodes() {
        List<String> n = new ArrayList<>(3);
        if (shortcutConv != null) {
            n.add(shortcutConv);
        }
        if (shortcutBn != null) {
            n.add(shortcutBn);
        }
        n.add(add);
        return n;
    }
}
