package dev.latchkey.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster and a Redis server of the fault tests' own, on ports nobody else uses, so
 * restarting them and killing their connections disturbs no other test (the shared servers on
 * 5432 and 6379 are never touched). They need the Debian packages (postgresql-common's
 * {@code pg_createcluster}/{@code pg_ctlcluster}, {@code redis-server}, {@code redis-cli}) and
 * root, as on a CI machine; {@link #whyUnavailable} says what is missing.
 */
final class PrivateServers {
  static final String REQUIRE_ENV = "LATCHKEY_TEST_REQUIRE_DATABASES";

  private PrivateServers() {}

  /** Whether {@code LATCHKEY_TEST_REQUIRE_DATABASES} names {@code service}. */
  static boolean required(String service) {
    String value = System.getenv(REQUIRE_ENV);
    return value != null && Arrays.stream(value.split(","))
        .anyMatch(s -> s.strip().equalsIgnoreCase(service));
  }

  /** Why the private servers cannot run here, or empty. */
  static Optional<String> whyUnavailable(String... commands) {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("the fault tests start private servers and need root (user is "
          + System.getProperty("user.name") + ")");
    }
    for (String command : commands) {
      if (Stream.of("/usr/bin/", "/usr/sbin/", "/usr/local/bin/")
          .noneMatch(dir -> Files.isExecutable(Path.of(dir + command)))) {
        return Optional.of(command + " is not installed");
      }
    }
    return Optional.empty();
  }

  static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls until the port is open ({@code open}) or closed, or fails after {@code timeout}. */
  static void awaitPort(int port, boolean open, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (portOpen(port) != open) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("port " + port + " did not " + (open ? "open" : "close")
            + " within " + timeout);
      }
      pause(Duration.ofMillis(100));
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs a command, fails with its output unless it exits with 0 (or {@code mayFail}). */
  static String run(boolean mayFail, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0 && !mayFail) {
        throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue()
            + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("could not run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A PostgreSQL cluster of its own: created fresh, trust authentication on 127.0.0.1. */
  static final class Postgres implements AutoCloseable {
    static final String CLUSTER = "latchkey_faults";
    final int port;
    final String version;

    private Postgres(int port, String version) {
      this.port = port;
      this.version = version;
    }

    static Postgres start(int port) {
      String version;
      try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
        version = versions.map(p -> p.getFileName().toString())
            .filter(v -> v.matches("\\d+")).max((a, b) -> Integer.compare(
                Integer.parseInt(a), Integer.parseInt(b)))
            .orElseThrow(() -> new AssertionError("no PostgreSQL version in /etc/postgresql"));
      } catch (IOException e) {
        throw new AssertionError("PostgreSQL is not installed (/etc/postgresql)", e);
      }
      if (portOpen(port)) {
        // A cluster left behind by a killed run: drop it; anything else on the port is a conflict.
        run(true, "pg_dropcluster", "--stop", version, CLUSTER);
        awaitPort(port, false, Duration.ofSeconds(20));
      } else {
        run(true, "pg_dropcluster", "--stop", version, CLUSTER);
      }
      run(false, "pg_createcluster", version, CLUSTER, "-p", String.valueOf(port), "--",
          "--auth=trust");
      Path hba = Path.of("/etc/postgresql", version, CLUSTER, "pg_hba.conf");
      try {
        Files.writeString(hba, String.join("\n",
            "# Written by the Latchkey fault tests: a throw-away cluster on " + port + ".",
            "local all all trust",
            "host all all 127.0.0.1/32 trust",
            "host all all ::1/128 trust", ""));
      } catch (IOException e) {
        throw new AssertionError("could not write " + hba, e);
      }
      Postgres pg = new Postgres(port, version);
      pg.ctl("start");
      awaitPort(port, true, Duration.ofSeconds(30));
      pg.awaitQueries();
      return pg;
    }

    String jdbcUrl() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** {@code pg_ctlcluster … restart}, fast mode: open sessions are ended, then it comes back. */
    void restart() {
      ctl("restart", "-m", "fast");
      awaitQueries();
    }

    void stop() {
      ctl("stop", "-m", "fast");
    }

    void startAgain() {
      ctl("start");
      awaitQueries();
    }

    /** {@code pg_terminate_backend} on every other connection: the pool's all die at once. */
    int terminateConnections() {
      try (Connection c = connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid))"
              + " FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
              + " AND backend_type = 'client backend'")) {
        rs.next();
        return rs.getInt(1);
      } catch (SQLException e) {
        throw new AssertionError("pg_terminate_backend failed", e);
      }
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl());
    }

    private void awaitQueries() {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
          st.execute("SELECT 1");
          return;
        } catch (SQLException e) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("the private PostgreSQL did not come up", e);
          }
          pause(Duration.ofMillis(100));
        }
      }
    }

    private void ctl(String... action) {
      List<String> command = new ArrayList<>(List.of("pg_ctlcluster",
          "--skip-systemctl-redirect", version, CLUSTER));
      command.addAll(List.of(action));
      run(false, command.toArray(String[]::new));
    }

    @Override
    public void close() {
      run(true, "pg_dropcluster", "--stop", version, CLUSTER);
    }
  }

  /**
   * A Redis server of its own, with an append-only file synced on every write: a restart keeps
   * every acknowledged write, as a production Redis holding sessions must (with {@code --save ""}
   * and no AOF a restart would forget every session, which is data loss by configuration, not a
   * fault to survive).
   */
  static final class Redis implements AutoCloseable {
    final int port;
    final Path dir;

    private Redis(int port, Path dir) {
      this.port = port;
      this.dir = dir;
    }

    static Redis start(int port, Path dir) {
      if (portOpen(port)) {
        run(true, "redis-cli", "-p", String.valueOf(port), "shutdown", "nosave");
        awaitPort(port, false, Duration.ofSeconds(20));
      }
      Redis redis = new Redis(port, dir);
      redis.startAgain();
      return redis;
    }

    String url() {
      return "redis://127.0.0.1:" + port + "/0";
    }

    void startAgain() {
      run(false, "redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "yes", "--appendfsync", "always",
          "--dir", dir.toString(), "--daemonize", "yes",
          "--pidfile", dir.resolve("redis.pid").toString(),
          "--logfile", dir.resolve("redis.log").toString());
      awaitPort(port, true, Duration.ofSeconds(20));
    }

    /** SHUTDOWN (the AOF is flushed), then the same server again. */
    void restart(Duration down) {
      stop();
      pause(down);
      startAgain();
    }

    void stop() {
      run(true, "redis-cli", "-p", String.valueOf(port), "shutdown");
      awaitPort(port, false, Duration.ofSeconds(20));
    }

    /** CLIENT KILL of every normal client: the store's connection dies under it. */
    int killClients() {
      String out = run(false, "redis-cli", "-p", String.valueOf(port), "client", "kill",
          "type", "normal");
      String digits = out.replaceAll("[^0-9]", "");
      return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    @Override
    public void close() {
      run(true, "redis-cli", "-p", String.valueOf(port), "shutdown", "nosave");
    }
  }
}
