package dev.latchkey.examples;

import dev.latchkey.password.PasswordMessages;
import dev.latchkey.password.PasswordValidation;
import dev.latchkey.password.PasswordViolation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An expected API failure with a status, a stable machine-readable code and a human message.
 *
 * <p>Route handlers throw it; {@link ApiErrors} renders it as
 * {@code {"error":{"code":…,"message":…,"request_id":…}}}. Codes are part of the API contract:
 * clients switch on them, so never change one once published. Messages are for people and must
 * never contain a password, a token or whether some other account exists.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private List<Violation> violations = List.of();

  /**
   * One reason a password was refused: the policy's stable code, a sentence for the user, and the
   * numbers the sentence mentions (e.g. {@code min_length}), so a client can word it itself.
   */
  public record Violation(String code, String message, Map<String, Object> params) {}

  /** Creates an error; {@code message} is shown to the client. */
  public ApiError(int status, String code, String message) {
    super(message, null, false, false); // expected outcome: no stack trace to fill or log
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The stable code, e.g. {@code email_taken}. */
  public String code() {
    return code;
  }

  /** Response headers to send with the error ({@code Retry-After}, {@code WWW-Authenticate}). */
  public Map<String, String> headers() {
    return Map.copyOf(headers);
  }

  /** The password policy's reasons, for {@code weak_password}; empty otherwise. */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * 422 {@code weak_password}, carrying each of the policy's reasons with its English message. The
   * messages never contain the password.
   */
  static ApiError weakPassword(PasswordValidation validation) {
    PasswordMessages messages = PasswordMessages.english();
    ApiError error = new ApiError(422, "weak_password",
        "Choose a stronger password: " + String.join(" ", validation.messages(messages)));
    error.violations = validation.violations().stream()
        .map(v -> new Violation(v.code().code(), messages.resolve(v), v.parameters()))
        .toList();
    return error;
  }

  /** Adds a response header; returns this error. */
  ApiError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** 429 {@code too_many_attempts} with {@code Retry-After}. */
  static ApiError tooManyAttempts(long retryAfterSeconds) {
    long seconds = Math.max(1, retryAfterSeconds);
    return new ApiError(429, "too_many_attempts", "Too many attempts. Try again in "
        + seconds + (seconds == 1 ? " second." : " seconds."))
        .withHeader("Retry-After", Long.toString(seconds));
  }

  /**
   * 403 {@code reauthentication_required}: a sensitive action, and the session last authenticated
   * too long ago. Not 401: the caller is signed in, and the page would otherwise show the sign-in
   * form; it asks for the password or a code instead ({@code POST /api/security/reauthenticate})
   * and retries.
   */
  static ApiError reauthenticationRequired() {
    return forbidden("reauthentication_required",
        "For your security, confirm it's you: enter your password or a code, then try again.");
  }

  static ApiError forbidden(String code, String message) {
    return new ApiError(403, code, message);
  }

  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  static ApiError unauthorized(String code, String message) {
    return new ApiError(401, code, message);
  }

  static ApiError notFound(String code, String message) {
    return new ApiError(404, code, message);
  }

  static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  static ApiError unprocessable(String code, String message) {
    return new ApiError(422, code, message);
  }
}
