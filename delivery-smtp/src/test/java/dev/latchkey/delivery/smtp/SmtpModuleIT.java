package dev.latchkey.delivery.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-delivery-smtp} jar, as the module system sees it. */
class SmtpModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndReadsCoreTransitively() {
    assertThat(module.name()).isEqualTo("dev.latchkey.delivery.smtp");
    assertThat(BuiltModule.unqualifiedExports(module))
        .containsExactly("dev.latchkey.delivery.smtp");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactly("dev.latchkey.core");
    assertThat(module.requires()).extracting(Requires::name).contains("jakarta.mail");
  }
}
