package dev.latchkey.signin;

import dev.latchkey.client.ClientInfo;

/**
 * A second factor that {@link SignInService} does not check itself — a passkey assertion, verified
 * by the {@code latchkey-passkeys} module — plugged into
 * {@link SignInService#completeSecondFactor(String, SecondFactorVerifier, String, ClientInfo,
 * String)}.
 *
 * <p>The seam exists so core needs no WebAuthn library: the sign-in flow keeps everything it owns
 * (finding the challenge, counting the attempt against it, completing it once, the session, the
 * login history, known devices), and the verifier only answers "does this response prove the
 * factor for this challenge's account?".
 *
 * <p>Implementations must be thread-safe, must check that the response answers this very
 * challenge (bound to {@link SignInChallenge#id()}) for {@link SignInChallenge#accountId()}, and
 * must not throw for bad input (a malformed response is a {@link SecondFactorCheck.Rejected}).
 */
public interface SecondFactorVerifier {

  /**
   * The method recorded in the login history ({@code passkey}): 1 to 32 characters of
   * {@code [a-z0-9_.-]}, starting with a letter.
   */
  String method();

  /**
   * Checks a response for the challenge. Called once per attempt, after the attempt was counted
   * against the challenge.
   *
   * @param challenge the live sign-in challenge
   * @param response what the client sent (for a passkey, the assertion as JSON)
   * @param client the request's client
   * @return {@link SecondFactorCheck.Accepted} or {@link SecondFactorCheck.Rejected}
   */
  SecondFactorCheck verify(SignInChallenge challenge, String response, ClientInfo client);
}
