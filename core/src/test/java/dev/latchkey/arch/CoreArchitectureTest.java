package dev.latchkey.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Core's main classes against {@link ArchitectureRules}, one field per rule in the order.
 * Test classes (and the deliberately bad fixtures in {@code dev.latchkey.archfixture}) are not
 * scanned; {@link ArchitectureRulesCatchViolationsTest} proves each rule fails on them.
 */
@AnalyzeClasses(packages = ArchitectureRules.ROOT,
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {
  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      ArchitectureRules.noCyclesBetweenPackages(ArchitectureRules.ROOT);

  @ArchTest
  static final ArchRule nothingDependsOnTheCompositionRoot =
      ArchitectureRules.nothingDependsOnTheCompositionRoot(ArchitectureRules.ROOT);

  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAnInternalType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType(ArchitectureRules.ROOT,
          ArchitectureRules.CORE_EXPORTS);

  @ArchTest
  static final ArchRule secretsComparedInConstantTime =
      ArchitectureRules.secretsComparedInConstantTime(ArchitectureRules.SECRET_COMPARING_CLASSES,
          ArchitectureRules.NON_SECRET_COMPARISONS);
}
