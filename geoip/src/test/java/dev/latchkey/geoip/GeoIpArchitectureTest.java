package dev.latchkey.geoip;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;
import java.util.List;

/** The geoip module's main classes against the rules of {@link ArchitectureRules} that apply. */
@AnalyzeClasses(packages = "dev.latchkey.geoip",
    importOptions = ImportOption.DoNotIncludeTests.class)
class GeoIpArchitectureTest {
  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      ArchitectureRules.noCyclesBetweenPackages("dev.latchkey.geoip");

  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  /** The reload checks are timed by the clock the host passes, never the system clock. */
  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();

  @ArchTest
  static final ArchRule noPublicSignatureNamesAHiddenType =
      ArchitectureRules.noPublicSignatureNamesAHiddenType("dev.latchkey.geoip",
          List.of("dev.latchkey.geoip"));
}
