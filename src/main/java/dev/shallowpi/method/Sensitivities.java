package dev.shallowpi.method;

import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.method.selection.Candidate;
import dev.shallowpi.method.selection.Candidates;
import dev.shallowpi.method.sensitivity.AblationSensitivity;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;
import dev.shallowpi.results.CandidateSensitivity;
import dev.shallowpi.results.Sensitivity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sensitivity of every candidate of a teacher ({@code sensitivity.json}), measured by ablation or by gates. */
final class Sensitivities {
    private Sensitivities() {
    }

    /** Measures every candidate of the teacher with the settings' method, and records what it measured on. */
    static Sensitivity measure(MethodInputs in, ShallowSettings s, MethodListener listener) {
        Graph teacher = in.teacher();
        List<Candidate> candidates = Candidates.find(teacher);
        List<String> relus = new ArrayList<>();
        candidates.forEach(c -> relus.add(c.relu()));
        Map<String, AblationSensitivity.Measurement> ablation = Map.of();
        Map<String, Double> gates = Map.of();
        long totalRelus = CostAnalysis.of(teacher).relus();
        if (s.sensitivity() == SensitivityMethod.ABLATION) {
            listener.message("measuring sensitivity by ablation on " + in.calibration().size()
                    + " calibration images, " + relus.size() + " candidates");
            ablation = AblationSensitivity.measure(teacher, relus, in.calibration(), in.data().normalization(),
                    s.fineTune().batchSize(), (m, done, total) -> listener.message(String.format(Locale.ROOT,
                            "  %2d/%d %-22s KL %.4f  accuracy drop %+.2f points", done, total, m.relu(), m.kl(),
                            100 * m.accuracyDrop())));
        } else {
            Map<String, Double> share = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                share.put(c.relu(), (double) c.relus() / totalRelus);
            }
            listener.message("measuring sensitivity by gates on " + in.calibration().size() + " calibration images, "
                    + relus.size() + " candidates");
            gates = GateSensitivity.measure(teacher, share, new GateSensitivity.Images(in.calibration(),
                    in.data().normalization(), in.data().augmentation()), s.gate(), listener.gateSteps());
        }
        List<CandidateSensitivity> list = new ArrayList<>();
        for (Candidate c : candidates) {
            AblationSensitivity.Measurement m = ablation.get(c.relu());
            Double alpha = gates.get(c.relu());
            list.add(new CandidateSensitivity.Layer(c.relu(), c.block(),
                    c.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), c.relus(), c.macsSaved(s.kernel()),
                    c.reluDepthSaved(), c.linearDepthSaved(), m == null ? null : m.kl(),
                    m == null ? null : m.accuracyDrop(), alpha != null ? alpha : m.kl(), alpha));
        }
        return Sensitivity.ofLayers(s.sensitivity().cliName(), in.calibration().size(), s.kernel().cliName(), list)
                .withInputs(SensitivityDigests.of(teacher, in.calibration(), s));
    }

    /** The score selection ranks by: KL for ablation, alpha for gates (lower is safer to remove). */
    static Map<String, Double> scores(Sensitivity sensitivity) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (CandidateSensitivity c : sensitivity.candidates()) {
            out.put(c.name(), c.score());
        }
        return out;
    }
}
