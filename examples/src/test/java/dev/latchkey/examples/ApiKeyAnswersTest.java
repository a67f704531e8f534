package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.examples.Browser.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a raw HTTP/1.1 connection: a key that was revoked, one rotated away and one never issued get
 * the same bytes back (issue 9, item 12), so a leaked list of strings cannot be checked for which
 * were ever real keys. Only the per-request id and the {@code Date} header may differ.
 */
class ApiKeyAnswersTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Pattern REQUEST_ID = Pattern.compile("(?im)^X-Request-Id: *(\\S+)");

  @TempDir
  static Path tempDir;

  private static DemoApp.Running app;

  @BeforeAll
  static void start() {
    app = DemoApp.start(DemoConfig.defaults().withPort(0).withDataDir(tempDir.resolve("data")));
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void revokedRotatedAwayAndNeverIssuedKeysGetByteIdenticalAnswers() throws IOException {
    Browser b = new Browser(app.port(), Browser.CHROME_ON_MAC);
    String email = "user-" + UUID.randomUUID() + "@example.com";
    assertThat(b.signUp(email, PASSWORD).status()).isEqualTo(201);
    assertThat(b.logIn(email, PASSWORD).status()).isEqualTo(200);

    Response first = b.post("/api/api-keys", Map.of("name", "Revoked", "permission", "read_only"));
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    String revoked = first.json().get("key").asText();
    assertThat(rawGet(revoked)).startsWith("HTTP/1.1 200 ");
    assertThat(b.delete("/api/api-keys/" + first.json().get("api_key").get("id").asText())
        .status()).isEqualTo(204);

    Response second = b.post("/api/api-keys", Map.of("name", "Rotated", "permission", "read_only"));
    String rotated = second.json().get("key").asText();
    Response rotation = b.post("/api/api-keys/"
        + second.json().get("api_key").get("id").asText() + "/rotate", Map.of("grace_seconds", 0));
    assertThat(rotation.status()).as(rotation.text()).isEqualTo(201);

    String neverIssued = wellFormedKey("lk_live_" + "Q".repeat(43));

    String forNeverIssued = normalised(rawGet(neverIssued));
    assertThat(forNeverIssued).startsWith("HTTP/1.1 401 ")
        .contains("\"code\":\"invalid_api_key\"")
        .contains("error_description=\"The API key is invalid\"");
    assertThat(normalised(rawGet(revoked))).isEqualTo(forNeverIssued);
    assertThat(normalised(rawGet(rotated))).isEqualTo(forNeverIssued);
  }

  /** {@code head} followed by its CRC32 in six Base62 digits, as the README's key format says. */
  private static String wellFormedKey(String head) {
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    char[] sum = new char[6];
    for (int i = sum.length - 1; i >= 0; i--) {
      sum[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    return head + new String(sum);
  }

  /** The whole response to {@code GET /v1/credits} with the key, as the bytes on the wire. */
  private static String rawGet(String key) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v1/credits HTTP/1.1\r\n"
          + "Host: localhost:" + app.port() + "\r\n"
          + "Authorization: Bearer " + key + "\r\n"
          + "Accept: application/json\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** Blanks what every response has of its own: the request id (header and body) and the date. */
  private static String normalised(String response) {
    Matcher id = REQUEST_ID.matcher(response);
    assertThat(id.find()).as(response).isTrue();
    return response.replace(id.group(1), "<request-id>")
        .replaceAll("(?im)^Date: [^\\r\\n]*", "Date: <date>");
  }
}
