package dev.latchkey.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code latchkey-store-redis} jar, read as the module system reads it: Lettuce has no
 * module descriptor, only an {@code Automatic-Module-Name} ({@code lettuce.core}), and this checks
 * that a host on the module path can still run the stores.
 */
class RedisModuleIT {
  /** What Lettuce needs at run time; an automatic module's descriptor names none of it. */
  private static final String[] LETTUCE_RUNTIME = {
      "io.netty.common", "io.netty.buffer", "io.netty.transport", "io.netty.handler",
      "io.netty.codec", "io.netty.resolver", "io.netty.resolver.dns", "io.netty.codec.dns",
      "io.netty.transport.unix.common", "reactor.core", "org.reactivestreams",
      "redis.clients.authentication.core"};

  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndReadsOnlyCoreTransitively() {
    assertThat(module.name()).isEqualTo("dev.latchkey.store.redis");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.store.redis");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactly("dev.latchkey.core");
    assertThat(module.requires()).extracting(Requires::name).contains("lettuce.core");
  }

  @Test
  void runsAsANamedModuleOverLettuceAsAnAutomaticModule() throws Exception {
    TestRedis.assumeAvailable();
    ModuleLayer layer = BuiltModule.layer(jar, LETTUCE_RUNTIME);
    assertThat(layer.findModule("lettuce.core").orElseThrow().getDescriptor().isAutomatic())
        .isTrue();
    ClassLoader loader = layer.findLoader("dev.latchkey.store.redis");
    Class<?> stores = Class.forName("dev.latchkey.store.redis.RedisStores", true, loader);
    assertThat(stores.getModule().getName()).isEqualTo("dev.latchkey.store.redis");
    // Lettuce loads some classes (its JFR events) through the context class loader: in a host on
    // the module path that is the loader of the modules; here it must not be the test's class
    // path, which holds a second copy of Lettuce.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    Object connected;
    try {
      connected = stores.getMethod("connect", String.class, Clock.class)
          .invoke(null, TestRedis.url(), Clock.systemUTC());
    } finally {
      thread.setContextClassLoader(previous);
    }
    try {
      Object attempts = stores.getMethod("attempts").invoke(connected);
      Class<?> spi = Class.forName("dev.latchkey.spi.AttemptStore", true, loader);
      Object found = spi.getMethod("find", String.class, String.class)
          .invoke(attempts, "module-it", "nobody-" + System.nanoTime());
      assertThat(found).isEqualTo(Optional.empty());
    } finally {
      stores.getMethod("close").invoke(connected);
    }
  }
}
