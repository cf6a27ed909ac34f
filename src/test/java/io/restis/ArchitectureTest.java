package io.restis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine is a plain Java library: the executor, log replay, replication and the benchmarks
 * use it without a framework, and nothing web-shaped may leak into the store's semantics.
 */
@AnalyzeClasses(packages = "io.restis", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule engineUsesNoFramework = noClasses()
      .that().resideInAPackage("io.restis.engine..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "org.springframework..", "jakarta..", "javax.servlet..", "tools.jackson..", "com.fasterxml..")
      .because("the engine must run without Spring, a servlet container or Jackson");

  @ArchTest
  static final ArchRule engineUsesOnlyTheJdk = classes()
      .that().resideInAPackage("io.restis.engine..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("io.restis.engine..", "java..")
      .because("the engine depends on the JDK alone");

  @ArchTest
  static final ArchRule engineKnowsNothingAbove = noClasses()
      .that().resideInAPackage("io.restis.engine..")
      .should().dependOnClassesThat().resideInAnyPackage("io.restis.api..", "io.restis.config..")
      .because("the layers above use the engine, never the other way round");
}
