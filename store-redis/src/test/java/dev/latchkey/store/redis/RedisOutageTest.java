package dev.latchkey.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.internal.Hashing;
import dev.latchkey.spi.AttemptRecord;
import dev.latchkey.spi.ChallengeRecord;
import dev.latchkey.spi.SessionRecord;
import dev.latchkey.spi.StoreException;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Redis going away and coming back, on a {@code redis-server} of this test's own (the shared one
 * on 6379 is never stopped): during the outage every call is a {@link StoreException}, and after
 * it the same {@link RedisStores} works again without being recreated. Skipped, loudly, when no
 * {@code redis-server} binary is installed, unless {@code LATCHKEY_TEST_REQUIRE_DATABASES} names
 * redis.
 */
class RedisOutageTest {
  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void callsFailTypedDuringAnOutageAndWorkAgainAfterIt() throws Exception {
    String binary = redisServerBinary();
    int port = freePort();
    server = start(binary, port);
    RedisSettings settings = RedisSettings.builder().keyPrefix("outage:")
        .commandTimeout(Duration.ofSeconds(1)).build();
    try (RedisStores stores = RedisStores.connect("redis://127.0.0.1:" + port + "/0",
        RedisStoresTest.CLOCK, settings)) {
      CountDownLatch reconnected = new CountDownLatch(1);
      Disposable watch = stores.redis().events().get()
          .filter(e -> e instanceof ConnectionActivatedEvent)
          .subscribe(e -> reconnected.countDown());
      try {
        SessionRecord before = RedisStoresTest.session("before", "acct-o", "before-token",
            RedisStoresTest.T0);
        stores.sessions().insert(before);
        assertThat(stores.sessions().findById("before")).isPresent();

        // A crash: no shutdown handshake, the socket just goes.
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> stores.sessions().findById("before"))
            .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> stores.sessions().revoke("acct-o", "before",
            RedisStoresTest.T0)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> stores.challenges().consume("c", RedisStoresTest.T0))
            .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> stores.attempts().compareAndSet(null,
            new AttemptRecord("password", "account:acct-o", 1, RedisStoresTest.T0)))
            .isInstanceOf(StoreException.class);

        // Back, empty (no persistence): everyone is signed out, nothing else is wrong.
        server = start(binary, port);
        assertThat(reconnected.await(60, TimeUnit.SECONDS)).as("Lettuce reconnected").isTrue();
        assertThat(stores.sessions().findById("before")).isEmpty();
        ChallengeRecord c = new ChallengeRecord("after", Hashing.sha256Hex("after"), "acct-o",
            "", "", RedisStoresTest.T0, RedisStoresTest.T0.plusSeconds(300), null);
        stores.challenges().insert(c);
        assertThat(stores.challenges().consume("after", RedisStoresTest.T0.plusSeconds(1)))
            .isTrue();
        assertThat(stores.challenges().consume("after", RedisStoresTest.T0.plusSeconds(2)))
            .isFalse();
      } finally {
        watch.dispose();
      }
    }
  }

  private static String redisServerBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, "redis-server");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    String why = "no redis-server binary on PATH";
    if (TestRedis.required()) {
      fail(TestRedis.REQUIRE_ENV + " names redis but " + why);
    }
    System.err.println("SKIPPED: " + why);
    Assumptions.abort(why + "; skipping the outage test");
    throw new AssertionError("unreachable");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts a throw-away server and returns once it accepts connections (it says so on stdout). */
  private static Process start(String binary, int port) throws Exception {
    Process p = new ProcessBuilder(List.of(binary, "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
        .redirectErrorStream(true).start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    // One daemon thread per server reads its output to the end, so the pipe never fills up.
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.contains("Ready to accept connections")) {
            ready.complete(true);
          }
        }
      } catch (java.io.IOException e) {
        // The process went away: the future below completes false.
      }
      ready.complete(false);
    }, "redis-server-" + port);
    reader.setDaemon(true);
    reader.start();
    if (!ready.get(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("redis-server on port " + port + " did not start");
    }
    return p;
  }
}
