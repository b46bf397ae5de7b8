package dev.shallowpi.zoo;

import dev.shallowpi.ir.Graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The built-in architectures, by name. */
public final class Zoo {
    private static final Map<String, Function<ModelSpec, Graph>> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("resnet18", ResNets::resnet18);
        MODELS.put("resnet34", ResNets::resnet34);
        MODELS.put("resnet20", s -> ResNets.cifarResnet(s, 20));
        MODELS.put("resnet32", s -> ResNets.cifarResnet(s, 32));
        MODELS.put("resnet56", s -> ResNets.cifarResnet(s, 56));
        MODELS.put("vgg16", Vgg::vgg16);
        MODELS.put("mobilenetv2", MobileNetV2::mobilenetv2);
    }

    private Zoo() {
    }

    public static Iterable<String> names() {
        return MODELS.keySet();
    }

    public static boolean has(String name) {
        return MODELS.containsKey(name);
    }

    /** Builds the model; an unknown name is an error listing the known ones. */
    public static Graph build(ModelSpec spec) {
        Function<ModelSpec, Graph> builder = MODELS.get(spec.name());
        if (builder == null) {
            throw new IllegalArgumentException("unknown model '" + spec.name() + "'; known: "
                    + String.join(", ", MODELS.keySet()));
        }
        return builder.apply(spec);
    }
}
