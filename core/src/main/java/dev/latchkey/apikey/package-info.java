/**
 * API keys for programmatic access: {@link dev.latchkey.apikey.ApiKeyService} creates keys shown
 * once, lists, revokes and rotates them, authenticates {@code Authorization: Bearer} headers into an
 * unforgeable {@link dev.latchkey.apikey.AuthenticatedApiKey}, and authorizes permissions and
 * scopes with RFC 6750 answers. {@link dev.latchkey.apikey.ApiKeyFormat} documents the key format
 * and publishes its regular expression for secret scanners.
 *
 * <p>Storage goes through {@link dev.latchkey.spi.ApiKeyStore}; only SHA-256 hashes of keys are
 * stored.
 */
package dev.latchkey.apikey;
