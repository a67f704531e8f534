package dev.latchkey.spring.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests over real HTTP to the test server; no cookie jar, so each test says what it sends. */
final class Http {
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;

  Http(int port) {
    this.port = port;
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send(request(path, headers).GET().build());
  }

  HttpResponse<String> postJson(String path, String json, String... headers)
      throws IOException, InterruptedException {
    return send(request(path, headers).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  HttpResponse<String> postForm(String path, String form, String... headers)
      throws IOException, InterruptedException {
    return send(request(path, headers)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
  }

  HttpResponse<String> delete(String path, String... headers)
      throws IOException, InterruptedException {
    return send(request(path, headers).DELETE().build());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }
}
