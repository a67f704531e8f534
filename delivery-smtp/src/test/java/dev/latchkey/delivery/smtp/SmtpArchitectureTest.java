package dev.latchkey.delivery.smtp;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;
import java.util.List;

/** The SMTP adapter's main classes against the rules of {@link ArchitectureRules} that apply. */
@AnalyzeClasses(packages = "dev.latchkey.delivery.smtp",
    importOptions = ImportOption.DoNotIncludeTests.class)
class SmtpArchitectureTest {
  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  /** Messages are dated by the clock the host passes. */
  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAHiddenType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType("dev.latchkey.delivery.smtp",
          List.of("dev.latchkey.delivery.smtp"));
}
