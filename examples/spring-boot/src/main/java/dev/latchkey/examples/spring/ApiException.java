package dev.latchkey.examples.spring;

import org.springframework.http.HttpStatus;

/** An answer other than success: the status, a stable code and a sentence for the caller. */
class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final HttpStatus status;
  final String code;
  final transient Object details;
  final Long retryAfterSeconds;

  ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, null, null);
  }

  private ApiException(HttpStatus status, String code, String message, Object details,
      Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static ApiException withDetails(HttpStatus status, String code, String message,
      Object details) {
    return new ApiException(status, code, message, details, null);
  }

  static ApiException tooManyAttempts(long retryAfterSeconds) {
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts",
        "Too many attempts. Try again in " + retryAfterSeconds + " seconds.", null,
        retryAfterSeconds);
  }

  static ApiException reauthenticationRequired() {
    return new ApiException(HttpStatus.FORBIDDEN, "reauthentication_required",
        "Confirm it's you: sign in again, then retry.");
  }
}
