package dev.latchkey.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-delivery-sms} jar, read and run as the module system sees it. */
class SmsModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndReadsCoreTransitively() {
    assertThat(module.name()).isEqualTo("dev.latchkey.delivery.sms");
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.delivery.sms");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactly("dev.latchkey.core");
  }

  @Test
  void normalisesAsANamedModule() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar);
    ClassLoader loader = layer.findLoader("dev.latchkey.delivery.sms");
    Class<?> c = Class.forName("dev.latchkey.delivery.sms.LibPhoneNumberNormalizer", true, loader);
    assertThat(c.getModule().getName()).isEqualTo("dev.latchkey.delivery.sms");
    Object normalizer = c.getMethod("create").invoke(null);
    Object e164 = c.getMethod("toE164", String.class, String.class)
        .invoke(normalizer, "020 7946 0018", "GB");
    assertThat(e164).isEqualTo(Optional.of("+442079460018"));
  }
}
