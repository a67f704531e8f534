package dev.latchkey.servlet;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;
import java.util.List;

/** The servlet module's main classes against the rules of {@link ArchitectureRules} that apply. */
@AnalyzeClasses(packages = "dev.latchkey.servlet",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ServletArchitectureTest {
  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  /** Request ids come from the SecureRandom the host passes. */
  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  /** Cookie lifetimes are measured by the clock the host gives Latchkey. */
  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAHiddenType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType("dev.latchkey.servlet",
          List.of("dev.latchkey.servlet"));
}
