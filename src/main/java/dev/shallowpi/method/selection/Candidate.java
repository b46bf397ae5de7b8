package dev.shallowpi.method.selection;

/**
 * A ReLU node the method may remove, and what removing it alone saves, per sample (from
 * {@link CostModel}: the student as deployed, against the teacher).
 *
 * @param relu             the ReLU node
 * @param pair             the conv pair its removal leaves adjacent ({@link Kind#MERGE}), else null
 * @param branch           when the pair is a whole residual branch, the join its shortcut folds into; else null
 * @param relus            elements through the ReLU, per sample
 * @param saved            what removing it alone saves
 */
public record Candidate(String relu, Kind kind, ConvPair pair, ResidualBranch branch, long relus, Savings saved) {

    /**
     * What removing one candidate alone saves.
     *
     * @param macsSame         MACs saved under {@link KernelMode#SAME} (0 for removal-only)
     * @param macsExact        MACs saved under {@link KernelMode#EXACT}: usually negative, the merged kernel
     *                         {@code k1 + s1*(k2-1)} costs more than the pair
     * @param reluDepth        ReLU layers fewer on the longest input-to-output path
     * @param linearDepth      conv/linear layers fewer on the longest path (the same in both kernel modes)
     */
    public record Savings(long macsSame, long macsExact, int reluDepth, int linearDepth) {
        static final Savings NONE = new Savings(0, 0, 0, 0);
    }

    /** What removing the ReLU does to the layers around it. */
    public enum Kind {
        /** Two linear layers become adjacent with nothing else reading between them: they merge. */
        MERGE,
        /** Nothing merges (after a residual add, the stem, before a pool); saves ReLUs and ReLU depth. */
        REMOVAL_ONLY
    }

    public Candidate {
        if ((kind == Kind.MERGE) != (pair != null)) {
            throw new IllegalArgumentException("candidate '" + relu + "': a merge candidate has a conv pair, "
                    + "a removal-only one none");
        }
        if (branch != null && pair == null) {
            throw new IllegalArgumentException("candidate '" + relu + "': only a merge pair can be a residual branch");
        }
    }

    public boolean isMerge() {
        return kind == Kind.MERGE;
    }

    public long macsSaved(KernelMode mode) {
        return mode == KernelMode.SAME ? saved.macsSame() : saved.macsExact();
    }

    public long macsSavedSame() {
        return saved.macsSame();
    }

    public long macsSavedExact() {
        return saved.macsExact();
    }

    public int reluDepthSaved() {
        return saved.reluDepth();
    }

    public int linearDepthSaved() {
        return saved.linearDepth();
    }

    /**
     * The block the ReLU belongs to: its name without the last dotted part ({@code layer1.0} for
     * {@code layer1.0.relu1}), or the whole name when it has no dot (the stem's {@code relu}).
     */
    public String block() {
        int dot = relu.lastIndexOf('.');
        return dot < 0 ? relu : relu.substring(0, dot);
    }

    /** The same candidate with its savings filled in. */
    Candidate withSavings(Savings s) {
        return new Candidate(relu, kind, pair, branch, relus, s);
    }
}
