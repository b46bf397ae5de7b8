package dev.shallowpi.onnx;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The ONNX files PyTorch exported (src/test/resources/onnx/make_fixtures.py) and their reference tensors. */
public final class Fixtures {
    public static final String RESNET18_EVAL = "resnet18_cifar_eval";
    public static final String RESNET18_PRESERVE = "resnet18_cifar_preserve";
    public static final String VGG_VIEW = "vgg_view";

    private Fixtures() {
    }

    public static Path model(String name) {
        return file(name + ".onnx");
    }

    public static Path input(String name) {
        return file(name + "_input.npy");
    }

    public static Path output(String name) {
        return file(name + "_output.npy");
    }

    /** A file under src/test/resources/onnx, by its path there. */
    public static Path file(String name) {
        URL url = Fixtures.class.getResource("/onnx/" + name);
        if (url == null) {
            throw new IllegalStateException("test fixture onnx/" + name + " is missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
