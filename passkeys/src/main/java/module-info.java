/**
 * Latchkey Passkeys: WebAuthn registration, second-factor and passwordless sign-in on webauthn4j
 * ({@link dev.latchkey.passkeys.Passkeys}).
 *
 * <p>Exports one package. The stores and the account-side bookkeeping (list, rename, remove) are
 * core's ({@code dev.latchkey.spi.PasskeyStore}, {@code dev.latchkey.passkey.PasskeyRegistry}).
 */
module dev.latchkey.passkeys {
  exports dev.latchkey.passkeys;

  // Passkeys takes a Latchkey and answers core's SignInResult and PasskeyAddResult, and
  // PasskeySettings takes webauthn4j's attestation verifiers: hosts see both through this module.
  requires transitive dev.latchkey.core;
  requires transitive com.webauthn4j.core;
  requires org.slf4j;
}
