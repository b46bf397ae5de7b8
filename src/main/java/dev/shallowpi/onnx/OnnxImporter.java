package dev.shallowpi.onnx;

import ai.onnx.proto.OnnxMl;
import dev.shallowpi.ir.Graph;

import java.nio.file.Path;

/**
 * Reads an ONNX CNN (opsets 11 to 21) into an {@code ir.Graph}: initializers become weights, node names are kept
 * (made unique and printable), BatchNormalization nodes stay batch norms and a BN already folded by the exporter
 * stays folded. Whatever is wrong with a file, damaged or hostile, ends in one {@link OnnxError} that names the
 * file and the node; nothing is allocated at a size the file only declares.
 */
public final class OnnxImporter {
    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 21;

    private OnnxImporter() {
    }

    /** Reads a model file; external tensor data is read only from the file's own folder. */
    public static OnnxModel read(Path file) {
        byte[] bytes = ModelFile.readBytes(file);
        Path folder = file.toAbsolutePath().getParent();
        return parse(bytes, folder, file.toString());
    }

    /**
     * Reads a model from bytes.
     *
     * @param folder where its external data may be, or null to refuse external data
     * @param label  how messages name the model (usually its file)
     */
    public static OnnxModel parse(byte[] bytes, Path folder, String label) {
        OnnxMl.ModelProto model = ModelFile.parse(bytes, label);
        int opset = opset(model, label);
        GraphTranslator translator = new GraphTranslator(label, opset, new ExternalData(folder, label));
        Graph graph = translator.translate(model.getGraph());
        String producer = (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new OnnxModel(graph, label, opset, model.getIrVersion(), Names.printable(producer));
    }

    private static int opset(OnnxMl.ModelProto model, String label) {
        Long version = null;
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (version != null && version != o.getVersion()) {
                    throw new OnnxError(label + ": declares two versions of the ONNX opset (" + version + " and "
                            + o.getVersion() + ")");
                }
                version = o.getVersion();
            }
        }
        if (version == null) {
            throw new OnnxError(label + ": declares no ONNX opset (opset_import has no default domain)");
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new OnnxError(label + ": opset " + version + " is outside the supported " + MIN_OPSET + " to "
                    + MAX_OPSET + "; re-export with opset_version in that range");
        }
        return (int) (long) version;
    }
}
