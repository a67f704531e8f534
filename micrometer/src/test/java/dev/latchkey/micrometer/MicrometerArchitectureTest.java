package dev.latchkey.micrometer;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;
import java.util.List;

/** The micrometer module's main classes against the rules of {@link ArchitectureRules} that apply. */
@AnalyzeClasses(packages = "dev.latchkey.micrometer",
    importOptions = ImportOption.DoNotIncludeTests.class)
class MicrometerArchitectureTest {
  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  /** Durations come from the registry's clock, never from System.nanoTime here. */
  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAHiddenType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType("dev.latchkey",
          List.of("dev.latchkey.micrometer", "dev.latchkey.metrics"));
}
