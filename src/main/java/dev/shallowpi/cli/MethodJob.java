package dev.shallowpi.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;

/** What {@code shallow}, {@code sweep} and {@code compare} share: the teacher, its data, the method's settings. */
final class MethodJob {
    @Mixin
    TeacherOptions teacher;

    @Mixin
    DataOptions data;

    @Mixin
    MethodOptions method;

    /** The teacher and its data, as the flags name them ({@code given}: which flags were given, not defaulted). */
    TeacherInputs read(ParseResult given) {
        return TeacherInputs.read(teacher, data, method, given);
    }
}
