package dev.latchkey.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-passkeys} jar, read and run as the module system sees it. */
class PasskeysModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackage() {
    assertThat(module.name()).isEqualTo("dev.latchkey.passkeys");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.passkeys");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void readsCoreAndWebAuthn4jTransitivelyBecauseTheApiNamesTheirTypes() {
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactlyInAnyOrder("dev.latchkey.core", "com.webauthn4j.core");
  }

  @Test
  void buildsItsSettingsAsANamedModule() throws Exception {
    // webauthn4j and Jackson 3 resolve on the module path, and the default attestation verifier
    // (a webauthn4j type) is made inside the named module.
    ModuleLayer layer = BuiltModule.layer(jar);
    ClassLoader loader = layer.findLoader("dev.latchkey.passkeys");
    Class<?> settings = Class.forName("dev.latchkey.passkeys.PasskeySettings", true, loader);
    assertThat(settings.getModule().getName()).isEqualTo("dev.latchkey.passkeys");
    Object builder = settings.getMethod("builder").invoke(null);
    builder.getClass().getMethod("relyingParty", String.class, String.class)
        .invoke(builder, "example.com", "Example");
    builder.getClass().getMethod("origins", String[].class)
        .invoke(builder, (Object) new String[] {"https://example.com"});
    Object built = builder.getClass().getMethod("build").invoke(builder);
    assertThat(built).hasToString("PasskeySettings[rpId=example.com,"
        + " origins=[https://example.com], challengeLifetime=PT5M, userVerification=preferred,"
        + " attestation=none]");
  }
}
