package dev.shallowpi.method.sensitivity;

import dev.shallowpi.data.ImageSet;
import dev.shallowpi.data.Normalization;
import dev.shallowpi.engine.BatchNormCalibration;
import dev.shallowpi.engine.EngineModel;
import dev.shallowpi.engine.Logits;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Identity;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Relu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's "ReLU sensitivity of a block", measured by ablation: each candidate ReLU in turn becomes the
 * identity in the teacher, the BN statistics after it are re-estimated on the calibration images (as the
 * student's will be: without it every ablation looks catastrophic and the ranking says little), and the ablated
 * model is compared with the teacher on those images: KL(teacher || ablated) and the drop in accuracy.
 */
public final class AblationSensitivity {
    private AblationSensitivity() {
    }

    /** One candidate's measured sensitivity. */
    public record Measurement(String relu, double kl, double accuracyDrop) {
    }

    /** Progress callback: the ReLU just measured, and how many are done. */
    public interface Listener {
        void measured(Measurement m, int done, int total);
    }

    public static Map<String, Measurement> measure(Graph teacher, List<String> relus, ImageSet calibration,
                                                   Normalization norm, int batchSize, Listener listener) {
        float[][] reference;
        try (EngineModel t = EngineModel.frozen(teacher)) {
            reference = Logits.of(t, calibration, norm, batchSize);
        }
        double teacherAccuracy = Logits.accuracy(reference, calibration.labels());
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (String relu : relus) {
            Graph ablated = withoutRelu(teacher, relu);
            float[][] logits;
            try (EngineModel m = EngineModel.frozen(ablated)) {
                BatchNormCalibration.reestimate(m, calibration, norm, batchSize);
                logits = Logits.of(m, calibration, norm, batchSize);
            }
            Measurement r = new Measurement(relu, Logits.meanKl(reference, logits),
                    teacherAccuracy - Logits.accuracy(logits, calibration.labels()));
            out.put(relu, r);
            listener.measured(r, out.size(), relus.size());
        }
        return out;
    }

    /** The graph with one ReLU node turned into the identity (same name, same readers). */
    static Graph withoutRelu(Graph g, String relu) {
        if (!(g.node(relu).op() instanceof Relu)) {
            throw new IllegalArgumentException("node '" + relu + "' is not a ReLU");
        }
        List<Node> nodes = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            nodes.add(n.name().equals(relu) ? n.withOp(new Identity()) : n);
        }
        return g.withNodes(nodes);
    }
}
