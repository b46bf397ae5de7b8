package dev.shallowpi.method;

import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.engine.BatchNormCalibration;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Logits;
import dev.shallowpi.fold.Algebra;
import dev.shallowpi.fold.ConvKernel;
import dev.shallowpi.fold.KernelFit;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Hw;
import dev.shallowpi.ir.Identity;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.method.selection.MergeChain;
import dev.shallowpi.results.KernelFitReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --kernel-init fit}: each merged conv of {@code --kernel same} starts from the kernel of the first conv's
 * size that reproduces the chain's exact composition best, in least squares, on the chain's inputs
 * ({@link KernelFit}), instead of the composition's centre crop. The inputs are sampled in the teacher with the
 * selected ReLUs removed and no conv merged (the student {@code --kernel exact} would make), its BN statistics
 * re-estimated as the student's will be: what the chain reads in a student whose every merge were exact. Not the
 * teacher's own activations: where an earlier ReLU is removed, the chain reads negative values the teacher never
 * showed it, and a fit to the teacher's non-negative inputs (which leans on their mean through the bias) did worse
 * than the crop on a 2-epoch demo teacher (58.3 % against 64.3 % after BN re-estimation). Nor without the BN
 * re-estimation: without ReLUs the teacher's statistics let the activations grow layer by layer (deep chains read
 * values hundreds of times the teacher's scale), and the fits followed that distribution. Every chain is fitted
 * independently of the others' fits. A chain whose composition already has the first conv's size is exact and taken
 * as it is; a grouped or dilated one keeps its crop (said on the console).
 *
 * <p>{@link KernelInit#FIT_TEACHER} fits the same inputs to the teacher's own values at the chain's end instead,
 * removed ReLUs included: the one conv that best maps what the student reads to what the teacher computed there.
 *
 * <p>Samples: the first {@value #IMAGES} calibration images (fewer when the split is smaller), at most {@value
 * #POSITIONS} output positions of them drawn with a fixed seed. The console says how long each fit took, sampling
 * included.
 */
final class FittedKernels implements Shallowing.ChainKernels {
    static final int IMAGES = 1024;
    static final int POSITIONS = 16384;
    private static final long SEED = 20261203L;

    /** The teacher without the selected ReLUs, convs unmerged: where each chain's inputs are sampled. */
    private final Graph linearised;
    /** Where {@link KernelInit#FIT_TEACHER} takes its targets (the chain ends' values); null for fit. */
    private final Graph targets;
    private final ImageSet images;
    private final Normalization norm;
    private final MethodListener listener;
    private final List<KernelFitReport> reports = new ArrayList<>();

    /**
     * @param linearised the teacher without the selected ReLUs ({@code --kernel exact}'s student); its BN statistics
     *                   are re-estimated on the sample images before it gives any input
     * @param targets    {@link KernelInit#FIT_TEACHER}: the teacher; null for {@link KernelInit#FIT}
     */
    FittedKernels(Graph linearised, Graph targets, ImageSet calibration, Normalization norm, int batchSize,
                  MethodListener listener) {
        this.images = calibration.first(IMAGES);
        this.norm = norm;
        this.listener = listener;
        this.targets = targets;
        try (EngineModel m = EngineModel.frozen(linearised)) {
            BatchNormCalibration.reestimate(m, images, norm, batchSize);
            this.linearised = m.toGraph();
        }
    }

    /** What each fit achieved, in the order the chains were made. */
    List<KernelFitReport> reports() {
        return List.copyOf(reports);
    }

    @Override
    public Conv2d of(Graph teacher, MergeChain chain) {
        ConvKernel exact = ShallowConv.composed(teacher, chain);
        Hw to = ShallowConv.firstKernel(teacher, chain);
        if (exact.size().equals(to)) {
            return ShallowConv.checked(teacher, chain, exact);
        }
        if (!KernelFit.fits(exact)) {
            listener.message("kernel fit: " + chain.firstConv() + " (" + exact.describe() + ") is grouped or dilated;"
                    + " it starts from its centre crop");
            return ShallowConv.of(teacher, chain);
        }
        long start = System.nanoTime();
        String input = linearised.node(chain.firstConv()).inputs().get(0);
        Shape s = linearised.shape(input);
        KernelFit.Samples samples = new KernelFit.Samples(activations(linearised, input), s.dim(0), s.dim(1),
                s.dim(2));
        KernelFit.Fitted f = targets == null ? KernelFit.fit(exact, to, samples, POSITIONS, SEED)
                : KernelFit.fitTo(exact, to, samples, activations(targets, chain.end()), POSITIONS, SEED);
        reports.add(new KernelFitReport(chain.firstConv(), exact.describe(), images.size(), f.positions(),
                f.fitError(), f.cropError()));
        listener.message(String.format(Locale.ROOT, "kernel fit: %s (%s -> %s): relative error %.4f, centre crop %.4f;"
                + " weight norm %.2fx the crop's (%.1f s)", chain.firstConv(), exact.describe(), to, f.fitError(),
                f.cropError(), norm(f.kernel()) / norm(Algebra.cropCentre(exact, to)),
                (System.nanoTime() - start) / 1e9));
        return ShallowConv.checked(teacher, chain, f.kernel());
    }

    private static double norm(ConvKernel k) {
        double s = 0;
        for (double w : k.weight()) {
            s += w * w;
        }
        return Math.sqrt(s);
    }

    /** {@code g}'s values at {@code node} for every sample image, each {@code [C, H, W]} flattened. */
    private float[][] activations(Graph g, String node) {
        try (EngineModel upTo = EngineModel.frozen(upTo(g, node))) {
            return Logits.of(upTo, images, norm, 256);
        }
    }

    /**
     * {@code g} cut after {@code node}, which becomes its output (nodes are in topological order); for a graph
     * input, an identity node reading it.
     */
    static Graph upTo(Graph g, String node) {
        if (!g.hasNode(node)) {
            return new Graph(g.inputs(), List.of(new Node(node + ".sample", new Identity(), node)), node + ".sample");
        }
        int end = 0;
        while (!g.nodes().get(end).name().equals(node)) {
            end++;
        }
        return new Graph(g.inputs(), g.nodes().subList(0, end + 1), node);
    }
}
