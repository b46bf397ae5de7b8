package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders a graph's nodes so that every value is defined before it is read (Kahn's algorithm, ties in file order).
 * The checks a hostile or damaged graph fails here, each naming the node: a value read but never defined (a
 * missing initializer, a dangling input), a value defined twice, and a cycle.
 */
final class NodeOrder {
    private NodeOrder() {
    }

    /**
     * @param defined names defined before any node runs: the graph inputs and the initializers
     * @return the nodes' positions in an order that defines every value before it is read
     */
    static List<Integer> sort(List<NodeProto> nodes, Set<String> defined, String label) {
        if (nodes.size() > Limits.MAX_NODES) {
            throw new OnnxError(label + ": " + nodes.size() + " nodes, more than " + Limits.MAX_NODES);
        }
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (out.isEmpty()) {
                    continue; // an optional output left out
                }
                if (defined.contains(out)) {
                    throw new OnnxError(label + ": node " + describe(nodes.get(i), i) + " redefines "
                            + Names.quoted(out) + ", a graph input or initializer");
                }
                Integer before = producer.putIfAbsent(out, i);
                if (before != null) {
                    throw new OnnxError(label + ": value " + Names.quoted(out) + " is produced by two nodes, "
                            + describe(nodes.get(before), before) + " and " + describe(nodes.get(i), i));
                }
            }
        }
        int[] waiting = new int[nodes.size()];
        List<List<Integer>> readers = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new ArrayList<>(2));
        }
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || defined.contains(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    throw new OnnxError(label + ": node " + describe(nodes.get(i), i) + " reads " + Names.quoted(in)
                            + ", which is neither a graph input, an initializer nor the output of a node (a missing "
                            + "initializer or a dangling input)");
                }
                waiting[i]++;
                readers.get(p).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Integer> order = new ArrayList<>(nodes.size());
        boolean[] done = new boolean[nodes.size()];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done[i] = true;
            order.add(i);
            for (int r : readers.get(i)) {
                if (--waiting[r] == 0) {
                    ready.add(r);
                }
            }
        }
        if (order.size() < nodes.size()) {
            int onCycle = nodeOnCycle(nodes, producer, done);
            throw new OnnxError(label + ": the graph has a cycle through node " + describe(nodes.get(onCycle), onCycle)
                    + " (" + (nodes.size() - order.size()) + " nodes never become ready)");
        }
        return order;
    }

    /**
     * A node on a cycle: walking from any node left waiting to a waiting producer of one of its inputs must, within
     * as many steps as there are nodes, visit some node twice, and that node lies on a cycle.
     */
    private static int nodeOnCycle(List<NodeProto> nodes, Map<String, Integer> producer, boolean[] done) {
        int at = 0;
        while (done[at]) {
            at++;
        }
        boolean[] seen = new boolean[nodes.size()];
        while (!seen[at]) {
            seen[at] = true;
            int next = -1;
            for (String in : nodes.get(at).getInputList()) {
                Integer p = producer.get(in);
                if (p != null && !done[p]) {
                    next = p;
                    break;
                }
            }
            if (next < 0) {
                break; // cannot happen: a waiting node waits on a waiting producer
            }
            at = next;
        }
        return at;
    }

    /** {@code '/conv1/Conv' (Conv)}, or the node's position when it has no name. */
    static String describe(NodeProto n, int index) {
        String name = n.getName().isEmpty() ? "#" + index : Names.quoted(n.getName());
        return name + " (" + Names.printable(n.getOpType()) + ")";
    }
}
