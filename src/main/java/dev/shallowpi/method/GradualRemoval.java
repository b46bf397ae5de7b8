package dev.shallowpi.method;

import dev.shallowpi.checkpoint.Checkpoint;
import dev.shallowpi.engine.Distillation;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.ReluFading;
import dev.shallowpi.engine.TrainConfig;
import dev.shallowpi.engine.TrainingRun;
import dev.shallowpi.fold.ReluRemoval;
import dev.shallowpi.ir.Conv2d;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Node;
import dev.shallowpi.method.selection.Candidate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code --gradual-epochs E}: the selected ReLUs fade out instead of vanishing at once. For the first E epochs of
 * fine-tuning the student is the teacher with each selected ReLU computing {@code a * relu(x) + (1 - a) * x}, a
 * going linearly from 1 to 0 over those epochs ({@link ReluFading}), trained with distillation like the rest. Its
 * conv pairs are in merge-ready form from the start (all padding on the first conv, {@code fold.ReluRemoval}), so
 * that at {@code a = 0} each pair is exactly the linear map that {@link Shallowing} composes: the merge then
 * changes nothing but what {@code --kernel same} approximates. The student is then made from this trained graph
 * as from a teacher (merged, BN re-estimated) and fine-tuned for the remaining epochs. The fading trains with the
 * fine-tuning's recipe over its own epochs.
 *
 * <p>Its checkpoint is {@code gradual/} in the run's folder; a run started again in the same folder continues it.
 */
final class GradualRemoval {
    static final String DIR = "gradual";

    private GradualRemoval() {
    }

    /**
     * The teacher with the convs around the selected ReLUs in merge-ready form and every ReLU still in place: at
     * alpha 1 the teacher but for the pairs' border pixels (the first conv computes what the second read as zero
     * padding, and the ReLU sees it); at alpha 0 exactly the graph {@code ReluRemoval.drop} makes.
     */
    static Graph fading(Graph teacher, Collection<Candidate> selected) {
        Graph dropped = ReluRemoval.drop(teacher, names(selected)).graph();
        List<Node> nodes = new ArrayList<>(teacher.nodes().size());
        for (Node n : teacher.nodes()) {
            boolean ready = n.op() instanceof Conv2d && dropped.hasNode(n.name());
            nodes.add(ready ? n.withOp(dropped.node(n.name()).op()) : n);
        }
        return teacher.withNodes(nodes);
    }

    static Set<String> names(Collection<Candidate> selected) {
        Set<String> relus = new LinkedHashSet<>();
        selected.forEach(c -> relus.add(c.relu()));
        return relus;
    }

    /**
     * Trains the fading graph for {@code epochs} epochs (continuing its checkpoint when the folder has one) and
     * returns it trained, its ReLUs still in place: their alpha has reached 0, so {@link Shallowing} may drop them.
     */
    static Graph train(MethodContext c, Collection<Candidate> selected, int epochs) {
        ShallowSettings s = c.settings();
        Path dir = c.out().resolve(DIR);
        TrainConfig config = s.fineTune().withEpochs(epochs);
        try {
            if (!Checkpoint.exists(dir)) {
                TrainingRun.seed(fading(c.in().teacher(), selected), config, c.in().info(), DIR, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + dir + ": " + e.getMessage(), e);
        }
        c.listener().message("gradual removal: " + selected.size() + " ReLU layers fade to the identity over "
                + epochs + (epochs == 1 ? " epoch" : " epochs") + " (" + dir + ")");
        Set<String> relus = names(selected);
        AtomicReference<EngineModel> model = new AtomicReference<>();
        TrainingRun.resume(new TrainingRun.Setup(cfg -> new Distillation(c.teacherModel(), s.kdTemperature(),
                s.kdWeight()), c.in().data(), dir, ReluFading.driving(model::get, epochs, c.listener()), g -> {
                    EngineModel m = EngineModel.gated(g, ReluFading.gates(relus));
                    model.set(m);
                    return m;
                }));
        return Checkpoint.read(dir).graph();
    }
}
