package dev.shallowpi.fold;

import dev.shallowpi.ir.Graph;

import java.util.List;

/**
 * What one pass did: the new graph, its rewrites, what it left alone and why, its own equivalence check and
 * the time spent rewriting (the algebra) apart from the time spent checking (the reference executor).
 */
public record PassResult(String pass, Graph graph, List<Rewrite> rewrites, List<Skip> skips,
                         Equivalence.Result check, double rewriteSeconds, double checkSeconds) {
    public PassResult {
        rewrites = List.copyOf(rewrites);
        skips = List.copyOf(skips);
    }
}
