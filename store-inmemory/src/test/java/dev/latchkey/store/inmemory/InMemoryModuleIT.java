package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-store-inmemory} jar, read as the module system reads it. */
class InMemoryModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndNothingElse() {
    assertThat(module.name()).isEqualTo("dev.latchkey.store.inmemory");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module))
        .containsExactly("dev.latchkey.store.inmemory");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
    assertThat(module.packages()).containsExactly("dev.latchkey.store.inmemory");
  }

  @Test
  void readsCoreTransitivelySoHostsSeeTheSpi() {
    assertThat(module.requires()).anySatisfy(r -> {
      assertThat(r.name()).isEqualTo("dev.latchkey.core");
      assertThat(r.modifiers()).contains(Requires.Modifier.TRANSITIVE);
    });
  }

  @Test
  void runsAsANamedModuleBesideCore() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar);
    Class<?> stores = Class.forName("dev.latchkey.store.inmemory.InMemoryStores", true,
        layer.findLoader("dev.latchkey.store.inmemory"));
    Object created = stores.getMethod("create").invoke(null);
    assertThat(created.getClass().getModule().getName()).isEqualTo("dev.latchkey.store.inmemory");
    assertThat(layer.findModule("dev.latchkey.core")).isPresent();
  }
}
