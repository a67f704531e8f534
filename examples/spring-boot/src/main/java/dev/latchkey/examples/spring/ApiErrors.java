package dev.latchkey.examples.spring;

import dev.latchkey.servlet.LatchkeyRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one error shape, {@code {"error":{"code":…,"message":…,"request_id":…}}}, the same one
 * Latchkey's 401/403 answers use; the request id is the one in {@code X-Request-Id}.
 */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Map<String, Object>> api(ApiException e, HttpServletRequest request) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status);
    if (e.retryAfterSeconds != null) {
      answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds));
    }
    Map<String, Object> error = error(e.code, e.getMessage(), request);
    if (e.details != null) {
      error.put("details", e.details);
    }
    return answer.body(Map.of("error", error));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpServletRequest request) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error",
        error("invalid_request", "The request body is not the JSON this endpoint takes.",
            request)));
  }

  private static Map<String, Object> error(String code, String message,
      HttpServletRequest request) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("request_id", LatchkeyRequests.requestId(request));
    return error;
  }
}
