package dev.latchkey.geoip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code latchkey-geoip} jar, read and run as the module system sees it. */
class GeoIpModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @TempDir Path dir;

  @Test
  void exportsItsOnePackageAndOpensTheRecordTypesToMaxMindOnly() {
    assertThat(module.name()).isEqualTo("dev.latchkey.geoip");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.geoip");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).singleElement().satisfies(o -> {
      assertThat(o.source()).isEqualTo("dev.latchkey.geoip.internal");
      assertThat(o.targets()).containsExactly("com.maxmind.db");
    });
  }

  @Test
  void readsCoreTransitivelyBecauseTheApiNamesItsTypes() {
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactly("dev.latchkey.core");
    assertThat(module.requires().stream().map(Requires::name))
        .contains("com.maxmind.db", "org.slf4j");
  }

  @Test
  void locatesAsANamedModule() throws Exception {
    // MaxMind's decoder builds dev.latchkey.geoip.internal types reflectively: this fails unless
    // module-info opens that package to com.maxmind.db.
    Path file = TestDatabases.geoLite2().write(dir.resolve("GeoLite2-City.mmdb"));
    ModuleLayer layer = BuiltModule.layer(jar);
    Class<?> locatorClass = Class.forName("dev.latchkey.geoip.MmdbIpLocator", true,
        layer.findLoader("dev.latchkey.geoip"));
    assertThat(locatorClass.getModule().getName()).isEqualTo("dev.latchkey.geoip");
    Object locator = locatorClass.getMethod("open", Path.class).invoke(null, file);
    Optional<?> london = (Optional<?>) locatorClass.getMethod("locate", String.class)
        .invoke(locator, "81.2.69.142");
    assertThat(london).get().hasToString("Location[city=London, region=England,"
        + " countryCode=GB, scope=PUBLIC]");
    assertThat(london.orElseThrow().getClass().getModule().getName())
        .isEqualTo("dev.latchkey.core");
    locatorClass.getMethod("close").invoke(locator);
  }
}
