package dev.latchkey.delivery.sms;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;
import java.util.List;

/** The SMS adapter's main classes against the rules of {@link ArchitectureRules} that apply. */
@AnalyzeClasses(packages = "dev.latchkey.delivery.sms",
    importOptions = ImportOption.DoNotIncludeTests.class)
class SmsArchitectureTest {
  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  /** No time is read at all; the rule keeps it that way. */
  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAHiddenType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType("dev.latchkey.delivery.sms",
          List.of("dev.latchkey.delivery.sms"));
}
