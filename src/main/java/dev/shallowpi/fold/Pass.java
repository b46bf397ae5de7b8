package dev.shallowpi.fold;

import dev.shallowpi.ir.Graph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A graph pass as a value: a name and a rewrite that returns a new graph with what it changed and what it left
 * alone. Running it times the rewrite and checks the result against its input with a {@link Probe}, so no pass
 * can skip its own check. Pipelines are lists of passes ({@link FoldPipeline#MERGE},
 * {@link FoldPipeline#BATCH_NORM_ONLY}).
 */
public record Pass(String name, Function<Graph, Rewritten> rewrite) {
    /** What a rewrite made: the new graph (the input itself when nothing changed), its rewrites and skips. */
    public record Rewritten(Graph graph, List<Rewrite> rewrites, List<Skip> skips) {
        public Rewritten {
            rewrites = List.copyOf(rewrites);
            skips = List.copyOf(skips);
        }
    }

    /** Rewrites {@code graph} and checks the result; {@link FoldCheckException} naming the node when it differs. */
    public PassResult run(Graph graph, Probe probe) {
        long t0 = System.nanoTime();
        Rewritten r = rewrite.apply(graph);
        double rewriteSeconds = (System.nanoTime() - t0) / 1e9;
        double checkStart = probe.seconds();
        Equivalence.Result check = probe.verify(name, graph, r.graph(), r.rewrites());
        return new PassResult(name, r.graph(), r.rewrites(), r.skips(), check, rewriteSeconds,
                probe.seconds() - checkStart);
    }

    /** Runs the passes in order, each on the previous one's result. */
    public static List<PassResult> runAll(List<Pass> passes, Graph graph, Probe probe) {
        List<PassResult> results = new ArrayList<>();
        Graph current = graph;
        for (Pass p : passes) {
            PassResult r = p.run(current, probe);
            results.add(r);
            current = r.graph();
        }
        return results;
    }
}
