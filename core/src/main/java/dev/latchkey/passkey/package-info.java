/**
 * Passkeys as an account's "Settings → Security → Passkeys" list shows them: list, rename, remove,
 * and the bookkeeping of a passkey's registration and uses. The WebAuthn ceremonies themselves
 * (options, attestation and assertion verification) live in the {@code latchkey-passkeys} module,
 * so core needs no WebAuthn library.
 */
package dev.latchkey.passkey;
