package dev.latchkey.store.redis;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.latchkey.arch.ArchitectureRules;

/** The Redis stores' main classes against the store rules of {@link ArchitectureRules}. */
@AnalyzeClasses(packages = "dev.latchkey.store.redis",
    importOptions = ImportOption.DoNotIncludeTests.class)
class RedisArchitectureTest {
  @ArchTest
  static final ArchRule storesUseOnlyTheSpi =
      ArchitectureRules.storesUseOnlyTheSpi("dev.latchkey.store..");

  @ArchTest
  static final ArchRule noWeakRandomness = ArchitectureRules.noWeakRandomness();

  @ArchTest
  static final ArchRule secureRandomOnlyFromTheCompositionRoot =
      ArchitectureRules.secureRandomOnlyFromTheCompositionRoot();

  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock =
      ArchitectureRules.timeOnlyFromTheInjectedClock();
}
