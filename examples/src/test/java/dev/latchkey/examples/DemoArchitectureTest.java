package dev.latchkey.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The demo is the reference integration: it may use only what a host can compile against on the
 * module path (the exported packages), and it limits no attempts itself (the library does).
 */
@AnalyzeClasses(packages = "dev.latchkey.examples",
    importOptions = ImportOption.DoNotIncludeTests.class)
class DemoArchitectureTest {
  @ArchTest
  static final ArchRule usesOnlyExportedPackages = noClasses()
      .should().dependOnClassesThat().resideInAPackage("dev.latchkey.internal..")
      .because("dev.latchkey.internal is not exported by module dev.latchkey.core");

  @ArchTest
  static final ArchRule countsNoAttemptsItself = noClasses()
      .should().callMethod(dev.latchkey.limits.AttemptLimiter.class, "tryAttempt",
          dev.latchkey.limits.Factor.class, String.class, String.class)
      .because("every guessable factor limits itself inside the library (issue 8, item 5)");
}
