package dev.latchkey.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small Spring Boot app on the Latchkey starter: sign-up, sign-in with two-factor
 * authentication, the "Active sessions" list, API keys, and an API authenticated by those keys.
 * The starter builds the {@code Latchkey} bean from the {@code DataSource}; this app adds its
 * users table, its security chain and its controllers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExampleApplication {
  /** Starts the app. */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
