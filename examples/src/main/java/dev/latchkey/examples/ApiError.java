package dev.latchkey.examples;

import java.util.LinkedHashMap;
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
