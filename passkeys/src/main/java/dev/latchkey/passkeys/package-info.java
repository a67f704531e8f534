/**
 * Passkeys (WebAuthn) on webauthn4j: the options a browser's {@code navigator.credentials} calls
 * take, as base64url JSON, and the verification of what they return. Start at {@link
 * dev.latchkey.passkeys.Passkeys}.
 */
package dev.latchkey.passkeys;
