package dev.shallowpi.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shallowpi.cost.CostAnalysis;
import dev.shallowpi.cost.PiEstimate;
import dev.shallowpi.cost.PiProfile;
import dev.shallowpi.cost.PiProfiles;
import dev.shallowpi.onnx.Fixtures;
import dev.shallowpi.onnx.OnnxImporter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static dev.shallowpi.cli.AnalyzeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The method end to end on teachers of torchvision's families that PyTorch exported (random weights, one channel, on
 * a slice of Fashion-MNIST): MobileNetV2 with its ReLU6s (Clip) as candidates and depthwise convs, and ResNet-50's
 * layout (7x7 stem, max-pool, Bottleneck blocks). Each meets its budget with the costs the plan predicted, and the
 * deployed model is verified against the student.
 */
class ShallowTorchvisionTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mobilenet_v2_1ch", "resnet50_narrow_1ch"})
    void shallowMeetsTheBudgetWithThePredictedCostsAndAVerifiedDeployment(String name) throws Exception {
        Path out = dir.resolve(name);
        String teacher = Fixtures.file("torchvision/" + name + ".onnx").toString();
        AnalyzeCommandTest.Result r = run("shallow", "--onnx", teacher, "--relu-reduction", "1.3", "--mac-reduction",
                "1.1", "--epochs", "1", "--batch-size", "32", "--train-subset", "256", "--test-subset", "128",
                "--calibration-images", "64", "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        JsonNode deployed = report.get("deployed");
        JsonNode selection = report.get("selection");
        assertTrue(deployed.get("reluReduction").asDouble() >= 1.3, deployed.toString());
        assertTrue(deployed.get("macReduction").asDouble() >= 1.1, deployed.toString());
        assertEquals(selection.get("predictedRelus").asLong(), deployed.get("relus").asLong(), name + ": ReLUs");
        assertEquals(selection.get("predictedMacs").asLong(), deployed.get("macs").asLong(), name + ": MACs");
        // the latency the selection predicted is the deployed model's estimate: a ReLU6 priced as two ReLUs
        JsonNode after = report.get("after");
        assertEquals(after.get("pi").get("onlineSeconds").asDouble(),
                selection.get("predictedOnlineSeconds").asDouble(), 1e-12, name + ": PI online");
        PiProfile wan = PiProfiles.load("delphi-wan");
        Map<String, Long> kinds = new ObjectMapper().convertValue(deployed.get("nonlinearities"),
                new TypeReference<Map<String, Long>>() { });
        assertEquals(PiEstimate.of(wan, wan.reluEquivalents(kinds), deployed.get("macs").asLong(),
                deployed.get("nonlinearDepth").asInt(), deployed.get("linearDepth").asInt()).online().seconds(),
                after.get("pi").get("onlineSeconds").asDouble(), 1e-12, name + ": as its counts price");
        if (name.startsWith("mobilenet")) {
            assertTrue(kinds.get("relu6") > 0, kinds.toString());
        }
        JsonNode v = report.get("verification");
        assertEquals(0, v.get("predictionMismatches").asInt(), v.toString());
        assertTrue(v.get("maxAbsLogitDiff").asDouble() < 1e-3, v.toString());
    }

    @org.junit.jupiter.api.Test
    void activationReluStartsFromAReluTeacherAndDistilsFromTheOriginal() throws Exception {
        String teacher = Fixtures.file("torchvision/mobilenet_v2_1ch.onnx").toString();
        JsonNode[] reports = new JsonNode[2];
        String[] modes = {"keep", "relu"};
        for (int i = 0; i < 2; i++) {
            Path out = dir.resolve("activation-" + modes[i]);
            AnalyzeCommandTest.Result r = run("shallow", "--onnx", teacher, "--activation", modes[i],
                    "--relu-reduction", "1.3", "--epochs", "1", "--batch-size", "32", "--train-subset", "256",
                    "--test-subset", "128", "--calibration-images", "64", "--out", out.toString(), "--quiet");
            assertEquals(0, r.code(), r.err());
            reports[i] = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            Map<String, Long> kinds = CostAnalysis.of(OnnxImporter.read(out.resolve("model.onnx")).graph())
                    .nonlinearities();
            assertEquals(Set.of(i == 0 ? "relu6" : "relu"), kinds.keySet(), modes[i] + ": " + kinds);
            assertEquals(0, reports[i].get("verification").get("predictionMismatches").asInt());
        }
        assertEquals(reports[0].get("teacher").get("testAccuracy").asDouble(),
                reports[1].get("teacher").get("testAccuracy").asDouble(), 0, "the teacher scored is the one given");
    }
}
