package dev.latchkey.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.http.CookieRules;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One "browser" for end-to-end tests: its own cookie jar and User-Agent, speaking JSON the way the
 * demo page does (Content-Type: application/json on every state-changing request).
 */
final class Browser {
  static final String CHROME_ON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
      + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36";
  static final String FIREFOX_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) "
      + "Gecko/20100101 Firefox/127.0";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI base;
  private final String userAgent;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;
  /** Sent as X-Forwarded-For when set (for a demo that trusts a proxy): one client address each. */
  private String forwardedFor;

  Browser(int port, String userAgent) {
    this.base = URI.create("http://localhost:" + port);
    this.userAgent = userAgent;
    this.client = HttpClient.newBuilder()
        .cookieHandler(cookies)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** An HTTP response with its body parsed as JSON when there is one. */
  record Response(int status, Map<String, List<String>> headers, String text) {
    JsonNode json() {
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + text, e);
      }
    }

    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    List<String> allHeaders(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .toList();
    }

    String errorCode() {
      return json().path("error").path("code").asText(null);
    }
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response post(String path, Object body) {
    return postRaw(path, "application/json", toJson(body));
  }

  Response postRaw(String path, String contentType, String body) {
    HttpRequest.Builder r = request(path).POST(BodyPublishers.ofString(body));
    if (contentType != null) {
      r.header("Content-Type", contentType);
    }
    return send(r);
  }

  Response delete(String path) {
    return send(request(path).method("DELETE", BodyPublishers.noBody())
        .header("Content-Type", "application/json"));
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("User-Agent", userAgent)
        .header("Accept", "application/json");
    if (forwardedFor != null) {
      r.header("X-Forwarded-For", forwardedFor);
    }
    return r;
  }

  /** Makes every later request claim to come from {@code ip} (through a trusted proxy). */
  Browser from(String ip) {
    this.forwardedFor = ip;
    return this;
  }

  /** The session cookie the jar would send, if any. */
  Optional<String> sessionCookie() {
    return cookies.getCookieStore().get(base).stream()
        .filter(c -> c.getName().equals(CookieRules.SESSION_COOKIE))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** The value of a cookie the jar would send, if any. */
  Optional<String> cookie(String name) {
    return cookies.getCookieStore().get(base).stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Puts a cookie into the jar by hand (to replay an old token). */
  void setSessionCookie(String value) {
    HttpCookie cookie = new HttpCookie(CookieRules.SESSION_COOKIE, value);
    cookie.setPath("/");
    cookie.setVersion(0);
    cookies.getCookieStore().add(base, cookie);
  }

  /** Signs up and returns the response. */
  Response signUp(String email, String password) {
    return post("/api/signup", Map.of("email", email, "password", password));
  }

  /** Signs in and returns the response. */
  Response logIn(String email, String password) {
    return post("/api/login", Map.of("email", email, "password", password));
  }

  private static String toJson(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
