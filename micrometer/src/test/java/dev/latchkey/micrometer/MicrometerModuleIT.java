package dev.latchkey.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-micrometer} jar, read and run as the module system sees it. */
class MicrometerModuleIT {
  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackage() {
    assertThat(module.name()).isEqualTo("dev.latchkey.micrometer");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.micrometer");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).isEmpty();
  }

  @Test
  void readsCoreAndMicrometerTransitivelyBecauseTheApiNamesTheirTypes() {
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactlyInAnyOrder("dev.latchkey.core", "micrometer.core");
  }

  @Test
  void recordsAsANamedModule() throws Exception {
    // micrometer-core is an automatic module: it requires nothing by name, so its own
    // dependencies are added as roots.
    ModuleLayer layer = BuiltModule.layer(jar, "micrometer.commons", "micrometer.observation");
    ClassLoader loader = layer.findLoader("dev.latchkey.micrometer");
    Class<?> registryClass =
        Class.forName("io.micrometer.core.instrument.simple.SimpleMeterRegistry", true, loader);
    Class<?> meterRegistry =
        Class.forName("io.micrometer.core.instrument.MeterRegistry", true, loader);
    Object registry = registryClass.getConstructor().newInstance();
    Class<?> metricsClass = Class.forName("dev.latchkey.micrometer.MicrometerMetrics", true, loader);
    assertThat(metricsClass.getModule().getName()).isEqualTo("dev.latchkey.micrometer");
    Object metrics = metricsClass.getMethod("of", meterRegistry).invoke(null, registry);

    Class<?> operation = Class.forName("dev.latchkey.metrics.Operation", true, loader);
    Class<?> outcome = Class.forName("dev.latchkey.metrics.Outcome", true, loader);
    metricsClass.getMethod("recordTime", operation, outcome, long.class).invoke(metrics,
        enumConstant(operation, "SIGN_IN"), enumConstant(outcome, "SIGNED_IN"),
        TimeUnit.MILLISECONDS.toNanos(40));

    Object search = meterRegistry.getMethod("get", String.class).invoke(registry, "latchkey.signin");
    search = search.getClass().getMethod("tag", String.class, String.class)
        .invoke(search, "outcome", "signed_in");
    Object timer = search.getClass().getMethod("timer").invoke(search);
    assertThat(timer.getClass().getMethod("count").invoke(timer)).isEqualTo(1L);
  }

  private static Object enumConstant(Class<?> type, String name) {
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals(name)) {
        return constant;
      }
    }
    throw new AssertionError(type + " has no " + name);
  }
}
