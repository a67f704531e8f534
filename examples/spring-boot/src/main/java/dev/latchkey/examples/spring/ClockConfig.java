package dev.latchkey.examples.spring;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One clock for the app and Latchkey (the starter takes this bean); tests add a @Primary one. */
@Configuration
class ClockConfig {
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
