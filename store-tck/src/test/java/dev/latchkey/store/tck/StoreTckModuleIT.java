package dev.latchkey.store.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-store-tck} jar, read as the module system reads it. */
class StoreTckModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsAndOpensItsOnePackageAndNothingElse() {
    assertThat(module.name()).isEqualTo("dev.latchkey.store.tck");
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.store.tck");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    // Open for JUnit and jqwik, which call the inherited test methods reflectively.
    assertThat(module.opens()).singleElement().satisfies(o -> {
      assertThat(o.source()).isEqualTo("dev.latchkey.store.tck");
      assertThat(o.isQualified()).isFalse();
    });
    assertThat(module.packages()).containsExactly("dev.latchkey.store.tck");
  }

  @Test
  void readsCoreAndJUnitTransitivelySoAStoresTestsSeeTheSpiAndTheAnnotations() {
    assertThat(module.requires())
        .filteredOn(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .extracting(Requires::name)
        .containsExactlyInAnyOrder("dev.latchkey.core", "org.junit.jupiter.api");
  }

  @Test
  void runsAsANamedModuleBesideCoreAndTheTestLibraries() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar);
    Class<?> clock = Class.forName("dev.latchkey.store.tck.MutableClock", true,
        layer.findLoader("dev.latchkey.store.tck"));
    Clock c = (Clock) clock.getMethod("atEpochOfTests").invoke(null);
    assertThat(c.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.getModule().getName()).isEqualTo("dev.latchkey.store.tck");
    assertThat(layer.findModule("dev.latchkey.core")).isPresent();
    assertThat(layer.findModule("org.assertj.core")).isPresent();
    assertThat(layer.findModule("net.jqwik.api")).isPresent();
  }
}
