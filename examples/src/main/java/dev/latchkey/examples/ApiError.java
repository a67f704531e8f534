package dev.latchkey.examples;

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
