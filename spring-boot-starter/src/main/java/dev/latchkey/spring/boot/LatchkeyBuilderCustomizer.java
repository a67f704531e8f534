package dev.latchkey.spring.boot;

import dev.latchkey.Latchkey;

/**
 * Changes the {@link Latchkey.Builder} before the auto-configured {@link Latchkey} is built: the
 * place for settings without a {@code latchkey.*} property (session lifetimes, API key settings,
 * attempt policies…). Customizers run in {@code @Order}, after the properties and the beans the
 * auto-configuration reads (clock, random, IP locator, device namer, event listeners, password
 * policy, two-factor requirement) were applied.
 *
 * <pre>{@code
 * @Bean
 * LatchkeyBuilderCustomizer sessions() {
 *   return builder -> builder.sessionSettings(SessionSettings.builder()
 *       .idleTimeout(Duration.ofHours(8)).build());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LatchkeyBuilderCustomizer {
  /** Changes the builder. */
  void customize(Latchkey.Builder builder);
}
