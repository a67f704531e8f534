/**
 * Spring Boot auto-configuration for Latchkey: the {@code Latchkey} bean over the application's
 * {@code DataSource} ({@link dev.latchkey.spring.boot.LatchkeyAutoConfiguration}),
 * {@code latchkey.*} properties ({@link dev.latchkey.spring.boot.LatchkeyProperties}), the
 * authenticator for servlet applications, a default Spring Security chain, and an actuator health
 * indicator. Every bean backs off when the application defines its own.
 */
package dev.latchkey.spring.boot;
