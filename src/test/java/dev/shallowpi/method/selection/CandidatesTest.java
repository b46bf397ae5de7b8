package dev.shallowpi.method.selection;

import dev.shallowpi.ir.Graph;
import dev.shallowpi.ir.Shape;
import dev.shallowpi.zoo.ModelSpec;
import dev.shallowpi.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandidatesTest {
    static Graph model(String name, double width, String input) {
        return Zoo.build(new ModelSpec(name, width, 10, Shape.parse(input), 0));
    }

    static List<String> names(List<Candidate> cs, Candidate.Kind kind) {
        return cs.stream().filter(c -> c.kind() == kind).map(Candidate::relu).collect(Collectors.toList());
    }

    static Candidate named(List<Candidate> cs, String relu) {
        return cs.stream().filter(c -> c.relu().equals(relu)).findFirst().orElseThrow();
    }

    @Test
    void resnet18HasItsInnerReluAsMergeAndEveryOtherReluAsRemovalOnly() {
        List<Candidate> cs = Candidates.find(model("resnet18", 0.125, "3x32x32"));
        assertEquals(17, cs.size(), "every ReLU is a candidate");
        List<String> merge = names(cs, Candidate.Kind.MERGE);
        assertEquals(8, merge.size());
        assertTrue(merge.stream().allMatch(n -> n.endsWith(".relu1")), merge.toString());
        List<String> removal = names(cs, Candidate.Kind.REMOVAL_ONLY);
        assertEquals(9, removal.size());
        assertEquals("relu", removal.get(0), "the stem ReLU also feeds layer1.0's identity shortcut");
        assertTrue(removal.subList(1, 9).stream().allMatch(n -> n.endsWith(".relu2")), removal.toString());
        assertEquals("layer1.0.relu1", cs.get(1).relu(), "graph order");

        Candidate strided = named(cs, "layer2.0.relu1");
        assertEquals(new ConvPair("layer2.0.conv1", "layer2.0.bn1", "layer2.0.conv2", "layer2.0.bn2"), strided.pair());
        assertEquals(new ResidualBranch("layer2.0.add", "layer2.0.shortcut.0", "layer2.0.shortcut.1"),
                strided.branch());
        assertEquals(new ResidualBranch("layer1.0.add", null, null), named(cs, "layer1.0.relu1").branch());
        assertNull(named(cs, "layer1.0.relu2").pair());
        assertEquals("layer2.0", strided.block());
        assertEquals("relu", cs.get(0).block(), "a name without a dot is its own block");
    }

    @Test
    void resnet18SavingsMatchTheReferenceFigures() {
        // REFERENCE.md section 1: a non-strided 3x3 conv is 37.75 M MACs, a strided one 18.87 M, a 1x1 shortcut
        // 2.10 M; inner ReLUs 65,536 / 32,768 / 16,384 / 8,192 per stage
        List<Candidate> cs = Candidates.find(model("resnet18", 1, "3x32x32"));
        Candidate l1 = named(cs, "layer1.0.relu1");
        assertEquals(65536, l1.relus());
        assertEquals(37748736, l1.macsSavedSame(), "the pair becomes one 3x3 conv: conv2's MACs are saved");
        assertEquals(2 * 37748736L - 37748736L * 25 / 9, l1.macsSavedExact(), "the 5x5 merged kernel costs 25/9");
        Candidate l2 = named(cs, "layer2.0.relu1");
        assertEquals(32768, l2.relus());
        assertEquals(37748736 + 2097152, l2.macsSavedSame(), "conv2 and the folded shortcut");
        assertEquals(18874368L + 37748736 + 2097152 - 18874368L * 49 / 9, l2.macsSavedExact(), "7x7 stride 2");
        for (Candidate c : cs) {
            assertEquals(1, c.reluDepthSaved(), c.relu());
            assertEquals(c.isMerge() ? 1 : 0, c.linearDepthSaved(), c.relu());
            if (!c.isMerge()) {
                assertEquals(0, c.macsSavedSame());
                assertEquals(0, c.macsSavedExact());
            }
        }
        // the five non-downsampling blocks: 188.7 M MACs and 188,416 ReLUs (1.51x both)
        List<Candidate> five = Selection.resolve(cs, List.of("layer1.0", "layer1.1", "layer2.1", "layer3.1",
                "layer4.1"));
        assertEquals(188743680L, five.stream().mapToLong(Candidate::macsSavedSame).sum());
        assertEquals(188416L, five.stream().mapToLong(Candidate::relus).sum());
    }

    @Test
    void resnet20HasNineMergeAndTenRemovalOnlyCandidates() {
        List<Candidate> cs = Candidates.find(model("resnet20", 0.25, "3x16x16"));
        assertEquals(9, names(cs, Candidate.Kind.MERGE).size());
        assertEquals(10, names(cs, Candidate.Kind.REMOVAL_ONLY).size());
        assertEquals(2, cs.stream().filter(c -> c.branch() != null && !c.branch().isIdentity()).count(),
                "layer2.0 and layer3.0 have projection shortcuts");
    }

    @Test
    void vgg16MergesReluBetweenTwoConvsAndNotBeforeAPool() {
        List<Candidate> cs = Candidates.find(model("vgg16", 0.125, "3x32x32"));
        assertEquals(List.of("stage1.1.relu", "stage2.1.relu", "stage3.1.relu", "stage3.2.relu", "stage4.1.relu",
                "stage4.2.relu", "stage5.1.relu", "stage5.2.relu"), names(cs, Candidate.Kind.MERGE));
        assertEquals(List.of("stage1.2.relu", "stage2.2.relu", "stage3.3.relu", "stage4.3.relu", "stage5.3.relu"),
                names(cs, Candidate.Kind.REMOVAL_ONLY));
        assertTrue(cs.stream().allMatch(c -> c.branch() == null), "no residual joins in VGG");
        // 3 input channels: the exact 5x5 merge of stage 1 is cheaper than the pair, deeper ones are not
        assertTrue(named(cs, "stage1.1.relu").macsSavedExact() > 0);
        assertTrue(named(cs, "stage3.2.relu").macsSavedExact() < 0);
    }

    @Test
    void mobilenetV2MergesItsExpansionAndDepthwiseRelus() {
        List<Candidate> cs = Candidates.find(model("mobilenetv2", 0.25, "3x16x16"));
        Candidate expand = named(cs, "features.3.expand.relu");
        assertEquals(new ConvPair("features.3.expand.conv", "features.3.expand.bn", "features.3.dw.conv",
                "features.3.dw.bn"), expand.pair());
        assertNull(expand.branch(), "the depthwise conv's ReLU still stands between the pair and the add");
        assertEquals(Candidate.Kind.MERGE, expand.kind(), "1x1 then depthwise 3x3 merge into a cheaper 1x1");
        assertEquals(Candidate.Kind.REMOVAL_ONLY, named(cs, "features.18.relu").kind(), "before the pool");
        List<String> depthwise = cs.stream().map(Candidate::relu).filter(n -> n.endsWith(".dw.relu")).toList();
        for (String dw : depthwise) {
            assertEquals(Candidate.Kind.REMOVAL_ONLY, named(cs, dw).kind(), dw + ": merged with the projection, "
                    + "the depthwise conv would become a dense one that costs more MACs than the two");
        }
        assertEquals(2 + depthwise.size(), names(cs, Candidate.Kind.REMOVAL_ONLY).size(), "the depthwise ones, "
                + "the last conv's and the stem's (which also feeds features.1's add at this width)");
    }
}
