package dev.shallowpi.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the trained teacher of shallow, sweep and compare comes from: a checkpoint folder or an ONNX file. */
public final class TeacherOptions {
    @Option(names = "--teacher", paramLabel = "DIR", description = "Checkpoint folder of train (or import).")
    Path teacher;

    @Option(names = "--onnx", paramLabel = "FILE", description = "A trained teacher as an ONNX file, instead of "
            + "--teacher.")
    Path onnx;
}
