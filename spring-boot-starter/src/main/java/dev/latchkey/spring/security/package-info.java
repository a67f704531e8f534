/**
 * Latchkey in Spring Security: {@link dev.latchkey.spring.security.LatchkeyConfigurer} adds
 * authentication by session cookie or API key to a {@code SecurityFilterChain}, as a
 * {@link dev.latchkey.spring.security.LatchkeyAuthentication} whose authorities
 * ({@link dev.latchkey.spring.security.LatchkeyAuthorities}) name the key's permission and scopes.
 */
package dev.latchkey.spring.security;
