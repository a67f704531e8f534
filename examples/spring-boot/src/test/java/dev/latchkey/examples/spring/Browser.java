package dev.latchkey.examples.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One browser (its own cookie jar) talking JSON to the app over real HTTP. Like a browser, it
 * sends {@code Origin} on every request that is not a GET (headers given by a test come after,
 * so a test can pose as another site).
 */
final class Browser {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final String base;

  Browser(int port) {
    CookieManager cookies = new CookieManager();
    cookies.setCookiePolicy(CookiePolicy.ACCEPT_ALL);
    this.client = HttpClient.newBuilder().cookieHandler(cookies)
        .connectTimeout(Duration.ofSeconds(10)).build();
    this.base = "http://localhost:" + port;
  }

  record Response(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(raw.body(), e);
      }
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Response get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  Response post(String path, Map<String, ?> body, String... headers) {
    return send(request(path, withOrigin(headers)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(body))));
  }

  Response delete(String path, String... headers) {
    return send(request(path, withOrigin(headers)).DELETE());
  }

  private String[] withOrigin(String... headers) {
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Origin")) {
        return headers;
      }
    }
    String[] all = new String[headers.length + 2];
    all[0] = "Origin";
    all[1] = base;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return all;
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30));
    return headers.length == 0 ? b : b.headers(headers);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String write(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
