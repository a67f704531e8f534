package dev.latchkey.passkeys;

/**
 * Why a passkey ceremony was refused. Codes are stable, for logs and JSON error bodies; none says
 * more than the client already knows (an unknown credential and one of another account read the
 * same).
 */
public enum PasskeyFailure {
  /** The response is not a WebAuthn response: bad JSON, base64url, CBOR, or too large. */
  MALFORMED_RESPONSE("malformed_response"),
  /** The response answers a challenge this server never issued (or purged). */
  UNKNOWN_CHALLENGE("unknown_challenge"),
  /** The challenge was answered before: a replay, or a second submission of one response. */
  CHALLENGE_REPLAYED("challenge_replayed"),
  /** The challenge's lifetime is over. */
  CHALLENGE_EXPIRED("challenge_expired"),
  /**
   * The challenge was issued for another session, sign-in or ceremony, or for another kind of
   * ceremony: it cannot be answered here.
   */
  CHALLENGE_NOT_BOUND("challenge_not_bound"),
  /** The browser reported an origin that is not one of the configured origins. */
  WRONG_ORIGIN("wrong_origin"),
  /** The authenticator signed for another relying party id. */
  WRONG_RP_ID("wrong_rp_id"),
  /** No passkey of the expected account has this credential id. */
  UNKNOWN_CREDENTIAL("unknown_credential"),
  /** The assertion's user handle is not the one the credential was registered with. */
  USER_HANDLE_MISMATCH("user_handle_mismatch"),
  /** The signature does not verify with the stored public key. */
  BAD_SIGNATURE("bad_signature"),
  /** The authenticator did not report user presence. */
  USER_NOT_PRESENT("user_not_present"),
  /** User verification is required but the authenticator did not perform it (UV flag clear). */
  USER_VERIFICATION_MISSING("user_verification_missing"),
  /**
   * The signature counter did not move forward: the credential may have been cloned. A
   * {@code passkey.clone_suspected} event was recorded.
   */
  POSSIBLE_CLONE("possible_clone"),
  /** The attestation's format or trust is not accepted by the configuration. */
  ATTESTATION_NOT_ACCEPTED("attestation_not_accepted"),
  /** The credential's key uses an algorithm that was not offered. */
  ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),
  /** The credential is registered already (to this or another account). */
  ALREADY_REGISTERED("already_registered"),
  /** The name for a new passkey is blank, too long or holds control characters. */
  INVALID_NAME("invalid_name"),
  /**
   * The sign-in challenge (password passed, second factor owed) is unknown, used up, void or
   * expired: start the sign-in again.
   */
  INVALID_SIGN_IN_CHALLENGE("invalid_sign_in_challenge"),
  /** Any other check webauthn4j made failed (client data type, token binding, extensions…). */
  VERIFICATION_FAILED("verification_failed");

  private final String code;

  PasskeyFailure(String code) {
    this.code = code;
  }

  /** The stable code. */
  public String code() {
    return code;
  }
}
