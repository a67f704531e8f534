package dev.latchkey.spring.boot;

import dev.latchkey.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With {@code latchkey-micrometer} and a {@link MeterRegistry} (Spring Boot Actuator brings one):
 * Latchkey's timers and counters ({@code latchkey.session.validation}, {@code latchkey.signin},
 * {@code latchkey.password.hash}…) on that registry, so they appear wherever the app's other
 * metrics go. {@code latchkey.metrics.enabled=false} turns it off; a bean named
 * {@code latchkeyMetricsCustomizer} replaces it.
 */
@AutoConfiguration(before = LatchkeyAutoConfiguration.class, afterName = {
    // Where Boot creates the registry: bean conditions below must run after it.
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MicrometerMetrics.class})
@ConditionalOnProperty(prefix = "latchkey.metrics", name = "enabled", havingValue = "true",
    matchIfMissing = true)
public class LatchkeyMetricsAutoConfiguration {

  /** Creates the auto-configuration (Spring calls it). */
  public LatchkeyMetricsAutoConfiguration() {}

  /** Sets {@link MicrometerMetrics} on the auto-configured {@code Latchkey}'s builder. */
  @Bean(name = "latchkeyMetricsCustomizer")
  @ConditionalOnMissingBean(name = "latchkeyMetricsCustomizer")
  @ConditionalOnBean(MeterRegistry.class)
  public LatchkeyBuilderCustomizer latchkeyMetricsCustomizer(MeterRegistry registry) {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry);
    return builder -> builder.metrics(metrics);
  }
}
