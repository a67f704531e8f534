package dev.latchkey.examples;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reading request bodies and shaping responses. One {@link ObjectMapper} for the whole app.
 *
 * <p>Request bodies are read as a tree rather than bound to classes, so every malformed, wrongly
 * typed or missing field becomes a coded {@link ApiError} instead of a framework exception whose
 * message could echo the input (and the input may be a password).
 */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** Always three fraction digits, so clients can compare timestamps as strings. */
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  /** The mapper Javalin uses for {@code ctx.json(...)}. */
  static JavalinJackson javalinMapper() {
    return new JavalinJackson(MAPPER, false);
  }

  /**
   * The request body as a JSON object.
   *
   * @throws ApiError 400 {@code invalid_json} when the body is empty, not JSON, or not an object
   */
  static ObjectNode body(Context ctx) {
    JsonNode node;
    try {
      node = MAPPER.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      // The parser's message quotes the input (which may be a password): never pass it on or log it.
      throw invalidJson();
    }
    if (node == null || !node.isObject()) {
      throw invalidJson();
    }
    return (ObjectNode) node;
  }

  /**
   * A string field.
   *
   * @throws ApiError 400 {@code invalid_request} when the field is missing or not a string
   */
  static String requiredString(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw ApiError.badRequest("invalid_request",
          "The field '" + field + "' is required and must be a string.");
    }
    return value.textValue();
  }

  /** An instant as ISO-8601 UTC with millisecond precision, e.g. {@code 2026-01-31T09:15:02.123Z}. */
  static String timestamp(Instant instant) {
    return instant == null ? null : TIMESTAMP.format(instant);
  }

  /** A fresh empty object. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  private static ApiError invalidJson() {
    return ApiError.badRequest("invalid_json", "The request body is not a valid JSON object.");
  }
}
