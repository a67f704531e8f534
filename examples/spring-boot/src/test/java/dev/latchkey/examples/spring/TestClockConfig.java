package dev.latchkey.examples.spring;

import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The tests' clock, preferred over the app's system clock by the app and by the starter. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfig {
  @Bean
  @Primary
  MutableClock testClock() {
    return new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
  }
}
