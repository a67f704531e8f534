package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-servlet} jar, read and run as the module system sees it. */
class ServletModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndNothingElse() {
    assertThat(module.name()).isEqualTo("dev.latchkey.servlet");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.servlet");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void readsCoreAndTheServletApiTransitivelyBecauseTheApiNamesTheirTypes() {
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactlyInAnyOrder("dev.latchkey.core", "jakarta.servlet");
    assertThat(module.requires().stream().map(Requires::name)).contains("org.slf4j");
  }

  @Test
  void buildsAFilterAsANamedModule() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar);
    ClassLoader loader = layer.findLoader("dev.latchkey.servlet");
    Class<?> access = Class.forName("dev.latchkey.servlet.Access", true, loader);
    Object session = access.getMethod("session").invoke(null);
    assertThat(session).hasToString("Access[session]");
    assertThat(session.getClass().getModule().getName()).isEqualTo("dev.latchkey.servlet");
    Class<?> filter = Class.forName("dev.latchkey.servlet.LatchkeyFilter", true, loader);
    assertThat(Class.forName("jakarta.servlet.Filter", false, loader).isAssignableFrom(filter))
        .isTrue();
    assertThat(layer.findModule("jakarta.servlet")).isPresent();
    // CookieRules lives in core's dev.latchkey.http, which core must export for this to load.
    Class<?> rules = Class.forName("dev.latchkey.http.CookieRules", true, loader);
    assertThat(rules.getMethod("session").invoke(null))
        .hasToString("CookieRules[name=latchkey_session, sameSite=Lax]");
  }
}
