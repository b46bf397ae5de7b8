package dev.shallowpi.method;

import dev.shallowpi.data.ImageSet;
import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.NamedWeights;
import dev.shallowpi.ir.Node;
import dev.shallowpi.ir.Tensor;
import dev.shallowpi.method.sensitivity.GateSensitivity;
import dev.shallowpi.method.sensitivity.SensitivityMethod;
import dev.shallowpi.results.SensitivityInputs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Everything a sensitivity measurement depends on ({@link SensitivityInputs}, recorded in {@code sensitivity.json}),
 * so that a stored one is reused only for the very same question: the method and its settings, the teacher (a
 * SHA-256 of its structure and weights) and the calibration images (a SHA-256 of their pixels and labels, which
 * covers the dataset, the split, {@code --calibration-images} and {@code --calibration-seed} at once).
 */
final class SensitivityDigests {
    private SensitivityDigests() {
    }

    static SensitivityInputs of(Graph teacher, ImageSet calibration, ShallowSettings s) {
        GateSensitivity.Settings g = s.gate();
        return SensitivityInputs.of(s.sensitivity().cliName(), s.kernel().cliName(),
                new SensitivityInputs.Measured(teacherDigest(teacher), calibrationDigest(calibration),
                        calibration.size()), s.fineTune().batchSize(), s.sensitivity() != SensitivityMethod.GATE
                        ? null : new SensitivityInputs.Gate(g.epochs(), g.lr(), g.lambda(), g.kdTemperature(),
                        g.kdWeight(), g.seed()));
    }

    static String teacherDigest(Graph g) {
        MessageDigest md = sha256();
        for (Node n : g.nodes()) {
            md.update((n.name() + "|" + n.op().describe() + "|" + String.join(",", n.inputs()) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, Tensor> e : NamedWeights.extract(g).entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            float[] v = e.getValue().toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String calibrationDigest(ImageSet images) {
        MessageDigest md = sha256();
        md.update(images.pixels());
        ByteBuffer b = ByteBuffer.allocate(4 * images.labels().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(images.labels());
        md.update(b.array());
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
