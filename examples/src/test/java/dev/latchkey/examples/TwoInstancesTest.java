package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.common.KeyRing;
import dev.latchkey.examples.Browser.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two demo processes (two JVMs, each with its own Latchkey, pool, bus and Caffeine validation
 * cache) on one PostgreSQL schema, once with the database alone (PostgreSQL LISTEN/NOTIFY carries
 * the invalidations) and once with Redis holding the hot state and carrying them. Through A, then
 * B:
 * <ul>
 *   <li>a session revoked through A is refused by B (which had it cached);
 *   <li>an API key revoked through A is refused by B (which had it cached);
 *   <li>wrong passwords spread over both lock the account after exactly as many as on one;
 *   <li>a TOTP code accepted by A is refused by B.
 * </ul>
 * "Refused by B" is checked on B's very next request, and the number of requests B needed is
 * bounded: the bus delivers asynchronously, within milliseconds (see README, "Revocation across
 * instances and caches", for the measured delays); the cache's TTL (10 s) is far above the bound,
 * so only the bus can make this pass.
 */
class TwoInstancesTest {
  private static final String PASSWORD = "Correct-Horse-Battery-9";
  private static final Pattern LISTENING =
      Pattern.compile("Latchkey demo listening on http://localhost:(\\d+)/");
  /** How long B may go on answering from a stale cache after A's revocation returned. */
  private static final long BUS_BOUND_NANOS = TimeUnit.SECONDS.toNanos(2);

  @TempDir
  Path tempDir;

  @Test
  void onPostgresqlTwoProcessesShareRevocationsAttemptLimitsAndTotpSteps() throws Exception {
    ExternalServices.assumePostgres();
    runOn(null);
  }

  @Test
  void onRedisTwoProcessesShareRevocationsAttemptLimitsAndTotpSteps() throws Exception {
    ExternalServices.assumePostgres();
    ExternalServices.assumeRedis();
    runOn(ExternalServices.redisUrl());
  }

  private void runOn(String redisUrl) throws Exception {
    String schema = "lk_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String jdbcUrl = ExternalServices.createPostgresSchema(schema);
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("LATCHKEY_JDBC_URL", jdbcUrl);
    env.put("LATCHKEY_KEYS", KeyRing.generate(new SecureRandom(), "k1").serialize());
    env.put("LATCHKEY_VALIDATION_CACHE", "true");
    // Sign-up answers 201 and signs in at once: this test is about instances, not verification.
    env.put("LATCHKEY_EMAIL_VERIFICATION", "false");
    if (redisUrl != null) {
      env.put("LATCHKEY_REDIS_URL", redisUrl);
      env.put("LATCHKEY_REDIS_KEY_PREFIX", schema + ":");
    }
    try (DemoProcess a = DemoProcess.start("A", env, tempDir.resolve("a"));
        DemoProcess b = DemoProcess.start("B", env, tempDir.resolve("b"))) {
      assertThat(a.log()).contains("validation cache on");
      sessionRevokedOnAIsRefusedByB(a, b);
      apiKeyRevokedOnAIsRefusedByB(a, b);
      wrongPasswordsSpreadOverBothLockAsOnOne(a, b);
      totpCodeAcceptedOnAIsRefusedOnB(a, b);
    } finally {
      ExternalServices.dropPostgresSchema(schema);
      if (redisUrl != null) {
        deleteRedisKeys(redisUrl, schema + ":");
      }
    }
  }

  private static String signedUp(Browser browser) {
    String email = "two-" + UUID.randomUUID() + "@example.com";
    assertThat(browser.signUp(email, PASSWORD).status()).isEqualTo(201);
    return email;
  }

  /** A browser on {@code to} that carries {@code from}'s session cookie. */
  private static Browser sameCookie(Browser from, DemoProcess to) {
    Browser b = new Browser(to.port, Browser.CHROME_ON_MAC);
    b.setSessionCookie(from.sessionCookie().orElseThrow());
    return b;
  }

  private void sessionRevokedOnAIsRefusedByB(DemoProcess a, DemoProcess b) {
    Browser first = new Browser(a.port, Browser.CHROME_ON_MAC);
    String email = signedUp(first);
    assertThat(first.logIn(email, PASSWORD).status()).isEqualTo(200);
    Browser firstOnB = sameCookie(first, b);
    // Twice: the second answer comes from B's cache.
    assertThat(firstOnB.get("/api/security/sessions").status()).isEqualTo(200);
    assertThat(firstOnB.get("/api/security/sessions").status()).isEqualTo(200);

    Browser second = new Browser(a.port, Browser.FIREFOX_ON_WINDOWS);
    assertThat(second.logIn(email, PASSWORD).status()).isEqualTo(200);
    String firstId = null;
    for (var s : second.get("/api/security/sessions").json()) {
      if (!s.get("current").asBoolean()) {
        firstId = s.get("id").asText();
      }
    }
    assertThat(second.delete("/api/security/sessions/" + firstId).status()).isEqualTo(204);
    assertRefusedByB("session revoked on A", () -> firstOnB.get("/api/security/sessions"));
  }

  private void apiKeyRevokedOnAIsRefusedByB(DemoProcess a, DemoProcess b) {
    Browser owner = new Browser(a.port, Browser.CHROME_ON_MAC);
    String email = signedUp(owner);
    assertThat(owner.logIn(email, PASSWORD).status()).isEqualTo(200);
    Response created = owner.post("/api/api-keys", Map.of("name", "ci", "permission", "read_only"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String key = created.json().get("key").asText();
    String id = created.json().get("api_key").get("id").asText();
    Browser client = new Browser(b.port, Browser.CHROME_ON_MAC);
    assertThat(credits(client, key).status()).isEqualTo(200);
    assertThat(credits(client, key).status()).isEqualTo(200);
    assertThat(cacheHits(client)).as("B answered from its cache").isPositive();
    assertThat(owner.delete("/api/api-keys/" + id).status()).isEqualTo(204);
    assertRefusedByB("API key revoked on A", () -> credits(client, key));
  }

  /** B's API key cache hits, from its Prometheus scrape (served to local connections). */
  private static double cacheHits(Browser onB) {
    Matcher m = Pattern.compile(
        "(?m)^latchkey_apikey_cache_gets_total\\{[^}]*result=\"hit\"[^}]*\\} (\\S+)$")
        .matcher(onB.get("/metrics").text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static Response credits(Browser client, String key) {
    return client.send(client.request("/v1/credits").GET().header("Authorization", "Bearer " + key));
  }

  /** B's next request is refused, or (bus still in flight) one within the bound is. */
  private static void assertRefusedByB(String what, java.util.function.Supplier<Response> request) {
    long start = System.nanoTime();
    int requests = 0;
    Response r;
    do {
      r = request.get();
      requests++;
    } while (r.status() == 200 && System.nanoTime() - start < BUS_BOUND_NANOS);
    long micros = (System.nanoTime() - start) / 1000;
    System.out.println("two-instances: " + what + ": B refused after " + requests
        + " request(s), " + micros + " µs");
    assertThat(r.status()).as(what + ": B must refuse within 2 s (cache TTL is 10 s)")
        .isEqualTo(401);
  }

  private void wrongPasswordsSpreadOverBothLockAsOnOne(DemoProcess a, DemoProcess b) {
    Browser onA = new Browser(a.port, Browser.CHROME_ON_MAC);
    Browser onB = new Browser(b.port, Browser.CHROME_ON_MAC);
    String alone = signedUp(onA);
    int onOne = wrongPasswordsUntilLocked(List.of(onA), alone);
    String spread = signedUp(onA);
    int onTwo = wrongPasswordsUntilLocked(List.of(onA, onB), spread);
    assertThat(onOne).isEqualTo(5); // AttemptPolicy.DEFAULT_FREE_ATTEMPTS
    assertThat(onTwo).as("spread over both instances").isEqualTo(onOne);
    // Locked on both, even for the right password.
    assertThat(onA.logIn(spread, PASSWORD).status()).isEqualTo(429);
    assertThat(onB.logIn(spread, PASSWORD).status()).isEqualTo(429);
  }

  /** Wrong passwords, round-robin over the browsers, until one is answered 429: how many were 401. */
  private static int wrongPasswordsUntilLocked(List<Browser> browsers, String email) {
    for (int i = 0; i < 50; i++) {
      Response r = browsers.get(i % browsers.size()).logIn(email, "Wrong-Password-" + i);
      if (r.status() == 429) {
        return i;
      }
      assertThat(r.status()).as(r.text()).isEqualTo(401);
    }
    throw new AssertionError("never locked");
  }

  private void totpCodeAcceptedOnAIsRefusedOnB(DemoProcess a, DemoProcess b) {
    Browser onA = new Browser(a.port, Browser.CHROME_ON_MAC);
    String email = signedUp(onA);
    assertThat(onA.logIn(email, PASSWORD).status()).isEqualTo(200);
    String secret = onA.post("/api/security/2fa/setup", Map.of()).json().get("secret").asText();
    Instant now = Instant.now();
    Response confirm = onA.post("/api/security/2fa/confirm",
        Map.of("code", TwoFactorAndApiKeysTest.totp(secret, now)));
    assertThat(confirm.status()).as(confirm.text()).isEqualTo(200);
    // The next step's code: the confirmation used this step's.
    String code = TwoFactorAndApiKeysTest.totp(secret, now.plusSeconds(30));

    Browser signInA = new Browser(a.port, Browser.CHROME_ON_MAC);
    Response r = signInA.post("/api/login/mfa", Map.of("mfa_token", mfaToken(signInA, email),
        "code", code));
    assertThat(r.status()).as("A accepts the code: " + r.text()).isEqualTo(200);

    Browser signInB = new Browser(b.port, Browser.CHROME_ON_MAC);
    Response replay = signInB.post("/api/login/mfa", Map.of("mfa_token", mfaToken(signInB, email),
        "code", code));
    assertThat(replay.status()).as("B refuses the replayed code: " + replay.text())
        .isEqualTo(401);
  }

  private static String mfaToken(Browser browser, String email) {
    Response r = browser.logIn(email, PASSWORD);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("mfa_required");
    return r.json().get("mfa_token").asText();
  }

  private static void deleteRedisKeys(String url, String prefix) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
    try (var c = client.connect()) {
      var keys = c.sync().keys(prefix + "*");
      if (!keys.isEmpty()) {
        c.sync().del(keys.toArray(new String[0]));
      }
    } finally {
      client.shutdown();
    }
  }

  /** A demo in a JVM of its own, started from the test class path. */
  static final class DemoProcess implements AutoCloseable {
    final Process process;
    final int port;
    private final StringBuffer log = new StringBuffer();

    private DemoProcess(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static DemoProcess start(String name, Map<String, String> env, Path dataDir)
        throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "dev.latchkey.examples.DemoApp"));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("LATCHKEY_") || k.equals("PORT"));
      pb.environment().putAll(env);
      pb.environment().put("LATCHKEY_DATA_DIR", dataDir.toString());
      Process p = pb.start();
      StringBuffer log = new StringBuffer();
      CompletableFuture<Integer> port = new CompletableFuture<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            log.append(name).append("| ").append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
              port.complete(Integer.parseInt(m.group(1)));
            }
          }
        } catch (IOException e) {
          port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("demo " + name + " exited"));
      }, "demo-" + name + "-output");
      reader.setDaemon(true);
      reader.start();
      try {
        DemoProcess d = new DemoProcess(p, port.get(120, TimeUnit.SECONDS));
        d.log.append(log);
        return d;
      } catch (Exception e) {
        p.destroyForcibly();
        throw new AssertionError("demo " + name + " did not start:\n" + log, e);
      }
    }

    String log() {
      return log.toString();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
