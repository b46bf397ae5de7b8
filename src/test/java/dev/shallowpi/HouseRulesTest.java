package dev.shallowpi;

import com.fasterxml.jackson.databind.node.ContainerNode;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house plan of DESIGN.md as tests, on the compiled main classes: which package may use which. A rule changes
 * only on purpose, here and in README's Layout section. Deviations that the plan's drawing does not show but that
 * are allowed today: {@code method} uses {@code report}'s JSON writers, {@code engine} reads {@code data} batches
 * and writes {@code checkpoint}s.
 */
@AnalyzeClasses(packages = "dev.shallowpi", importOptions = ImportOption.DoNotIncludeTests.class)
class HouseRulesTest {
    @ArchTest
    static final ArchRule irStandsAlone = classes().that().resideInAPackage("dev.shallowpi.ir..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.ir..", "java..")
            .because("ir is the model graph every other package builds on; it needs only the JDK");

    @ArchTest
    static final ArchRule pureAlgebraAndCountsUseOnlyTheGraph = noClasses()
            .that().resideInAnyPackage("dev.shallowpi.fold..", "dev.shallowpi.cost..", "dev.shallowpi.zoo..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shallowpi.engine..", "dev.shallowpi.method..",
                    "dev.shallowpi.onnx..", "dev.shallowpi.data..", "dev.shallowpi.report..",
                    "dev.shallowpi.checkpoint..", "dev.shallowpi.cli..", "ai.djl..")
            .because("fold, cost and zoo are pure Java over ir: testable without an engine, a file or a data set");

    @ArchTest
    static final ArchRule onlyTheEngineUsesDjl = noClasses().that().resideOutsideOfPackage("dev.shallowpi.engine..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl..")
            .because("engine is the one door to DJL and libtorch (DESIGN.md)");

    @ArchTest
    static final ArchRule onlyOnnxUsesTheOnnxClasses = noClasses().that().resideOutsideOfPackage("dev.shallowpi.onnx..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.onnx..", "ai.onnxruntime..", "com.google.protobuf..")
            .because("ONNX's protobuf classes and ONNX Runtime stay behind the onnx package");

    @ArchTest
    static final ArchRule onlySparkUnitsUsesSpark = noClasses().that().doNotHaveFullyQualifiedName(
                    "dev.shallowpi.cli.SparkUnits")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
            .because("Spark is provided by spark-submit, not carried: one class schedules the units on it, and every "
                    + "other runs without it on the class path");

    @ArchTest
    static final ArchRule theEngineKnowsNoMethod = noClasses().that().resideInAPackage("dev.shallowpi.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.shallowpi.method..", "dev.shallowpi.cli..",
                    "dev.shallowpi.report..", "dev.shallowpi.onnx..", "dev.shallowpi.fold..")
            .because("the engine runs graphs; what to do with them is the method's and the CLI's business");

    @ArchTest
    static final ArchRule nothingDependsOnTheCli = noClasses().that().resideOutsideOfPackage("dev.shallowpi.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.shallowpi.cli..")
            .because("cli is the top floor: flags and messages for people, called by nothing else");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.shallowpi.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule resultsArePureData = classes().that().resideInAPackage("dev.shallowpi.results..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.results..", "java..",
                    "com.fasterxml.jackson..")
            .because("the records of what runs produce are read by method, report and cli alike");

    @ArchTest
    static final ArchRule selectionIsPureSearch = classes().that().resideInAPackage("dev.shallowpi.method.selection..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.method.selection..",
                    "dev.shallowpi.ir..", "dev.shallowpi.cost..", "dev.shallowpi.settings..", "java..")
            .because("candidates, budgets and the searches are pure functions of the graph and its counts: no engine, "
                    + "no data, no files; the rest of method builds on them, never the other way");

    @ArchTest
    static final ArchRule sensitivityMeasuresOnTheEngine = classes().that()
            .resideInAPackage("dev.shallowpi.method.sensitivity..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.method.sensitivity..",
                    "dev.shallowpi.engine..", "dev.shallowpi.ir..", "dev.shallowpi.data..", "dev.shallowpi.settings..",
                    "java..")
            .because("measuring how much a ReLU matters needs a model in the engine and images, nothing of the "
                    + "pipeline that uses the measurement (its settings it refuses by name, as the engine does)");

    @ArchTest
    static final ArchRule channelMasksAreStructure = classes().that().resideInAPackage("dev.shallowpi.method.channels..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.method.channels..",
                    "dev.shallowpi.ir..", "dev.shallowpi.engine..", "dev.shallowpi.results..",
                    "dev.shallowpi.method.selection..", "dev.shallowpi.settings..", "java..")
            .because("channel masks, their binarisation and their lowering to gathers and concats are graph "
                    + "surgery; training them is the method's");

    @ArchTest
    static final ArchRule settingsAreAVocabulary = classes().that().resideInAPackage("dev.shallowpi.settings..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.shallowpi.settings..", "java..")
            .because("the names of the settings are shared by method (which speaks of them) and cli (which maps them to "
                    + "flags)");

    /** The most parameters a method or constructor of {@code method} may take; more go into a settings record. */
    static final int MOST_PARAMETERS = 6;

    @ArchTest
    static final ArchRule methodSignaturesAreShort = codeUnits().that().areDeclaredInClassesThat()
            .resideInAPackage("dev.shallowpi.method..")
            .should(new ArchCondition<JavaCodeUnit>("take at most " + MOST_PARAMETERS + " parameters") {
                @Override
                public void check(JavaCodeUnit unit, ConditionEvents events) {
                    if (unit.getRawParameterTypes().size() > MOST_PARAMETERS) {
                        events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " takes "
                                + unit.getRawParameterTypes().size() + " parameters"));
                    }
                }
            })
            .because("long positional lists pass values by position; settings records name them (issue 15)");

    @ArchTest
    static final ArchRule methodBuildsNoJsonByKey = noClasses().that().resideInAPackage("dev.shallowpi.method..")
            .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                    JavaClass.Predicates.assignableTo(ContainerNode.class)))
                    .and(JavaCall.Predicates.target(HasName.Predicates.nameMatching(
                            "put.*|set.*|add.*|insert.*|remove.*|with.*"))))
            .orShould().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.nameMatching(
                    "createObjectNode|createArrayNode|objectNode|arrayNode")))
            .because("what a run writes is typed records in dev.shallowpi.results: a renamed key is a compile error");
}
