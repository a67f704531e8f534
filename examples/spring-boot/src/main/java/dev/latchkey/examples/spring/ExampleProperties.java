package dev.latchkey.examples.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The example's own settings ({@code example.*}).
 *
 * @param productName the product's name: the password policy refuses passwords built on it
 */
@ConfigurationProperties(prefix = "example")
public record ExampleProperties(String productName) {}
