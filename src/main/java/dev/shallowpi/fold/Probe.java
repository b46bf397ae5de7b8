package dev.shallowpi.fold;

import dev.shallowpi.ir.DoubleTensor;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.ReferenceExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The self-check every pass runs: a few seeded random inputs, the reference executor in double precision, and
 * the outputs of the graphs seen so far (a pass's result is the next pass's input, so a chain of passes runs
 * each graph once). Not thread-safe; one per pipeline.
 */
public final class Probe {
    /** Inputs per check: enough to catch a wrong tap or border, cheap enough to run on every pass. */
    public static final int DEFAULT_SAMPLES = 2;

    private final int samples;
    private final long seed;
    private final double tolerance;
    private DoubleTensor inputs;
    private Graph lastGraph;
    private DoubleTensor lastOutput;
    private double seconds;

    public Probe(int samples, long seed, double tolerance) {
        if (samples < 1) {
            throw new IllegalArgumentException("a probe needs at least one sample, got " + samples);
        }
        this.samples = samples;
        this.seed = seed;
        this.tolerance = tolerance;
    }

    public static Probe standard() {
        return new Probe(DEFAULT_SAMPLES, 0, Equivalence.TOLERANCE);
    }

    public double tolerance() {
        return tolerance;
    }

    public int samples() {
        return samples;
    }

    /** Seconds spent in the reference executor so far. */
    public double seconds() {
        return seconds;
    }

    /** The probe inputs for graphs of this input shape (fixed by the first graph seen). */
    public DoubleTensor inputs(Graph graph) {
        if (inputs == null) {
            inputs = Equivalence.probeInputs(graph, samples, seed);
        } else if (!inputs.sampleShape().equals(graph.inputs().get(0).shape())) {
            throw new IllegalArgumentException("probe inputs are " + inputs.sampleShape() + ", the graph takes "
                    + graph.inputs().get(0).shape());
        }
        return inputs;
    }

    /** The graph's output on the probe inputs; the last graph's is remembered. */
    public DoubleTensor output(Graph graph) {
        if (graph != lastGraph) {
            long t0 = System.nanoTime();
            lastOutput = ReferenceExecutor.run(graph, inputs(graph));
            lastGraph = graph;
            seconds += (System.nanoTime() - t0) / 1e9;
        }
        return lastOutput;
    }

    /**
     * Compares {@code after} with {@code before} on the probe inputs. When they differ by more than the
     * tolerance, finds the first rewrite whose own output differs (rewrites are listed in graph order, and a
     * wrong one spoils everything after it) and throws naming its node.
     */
    public Equivalence.Result verify(String pass, Graph before, Graph after, List<Rewrite> rewrites) {
        if (rewrites.isEmpty() && before == after) {
            return Equivalence.Result.NONE;
        }
        DoubleTensor reference = output(before);
        Equivalence.Result r = Equivalence.compare(reference, output(after));
        if (r.within(tolerance)) {
            return r;
        }
        throw new FoldCheckException(pass + " failed its own check: " + culprit(before, after, rewrites)
                + String.format(Locale.ROOT, " (output differs by %.3g relative, %.3g absolute; tolerance %.1g)",
                r.maxRelDiff(), r.maxAbsDiff(), tolerance));
    }

    private String culprit(Graph before, Graph after, List<Rewrite> rewrites) {
        List<String> keepBefore = new ArrayList<>();
        List<String> keepAfter = new ArrayList<>();
        for (Rewrite w : rewrites) {
            keepBefore.add(w.beforeValue());
            keepAfter.add(w.into());
        }
        long t0 = System.nanoTime();
        Map<String, DoubleTensor> b = ReferenceExecutor.runAll(before, Map.of(before.inputs().get(0).name(),
                inputs(before)), keepBefore);
        Map<String, DoubleTensor> a = ReferenceExecutor.runAll(after, Map.of(after.inputs().get(0).name(),
                inputs(after)), keepAfter);
        seconds += (System.nanoTime() - t0) / 1e9;
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < after.nodes().size(); i++) {
            order.put(after.nodes().get(i).name(), i);
        }
        List<Rewrite> sorted = new ArrayList<>(rewrites);
        sorted.sort((x, y) -> Integer.compare(order.getOrDefault(x.into(), -1), order.getOrDefault(y.into(), -1)));
        for (Rewrite w : sorted) {
            DoubleTensor ref = b.get(w.beforeValue());
            DoubleTensor got = a.get(w.into());
            if (!java.util.Arrays.equals(ref.shape(), got.shape())) {
                return "node '" + w.into() + "' (from " + String.join(", ", w.nodes()) + ") has shape "
                        + got.sampleShape() + " where '" + w.beforeValue() + "' had " + ref.sampleShape();
            }
            Equivalence.Result r = Equivalence.compare(ref, got);
            if (!r.within(tolerance)) {
                return String.format(Locale.ROOT, "node '%s' (from %s) differs from '%s' by %.3g relative",
                        w.into(), String.join(", ", w.nodes()), w.beforeValue(), r.maxRelDiff());
            }
        }
        List<String> names = new ArrayList<>();
        for (Rewrite w : rewrites) {
            names.add(w.into());
        }
        return "no single rewritten node differs on its own; rewritten: " + String.join(", ", names);
    }
}
