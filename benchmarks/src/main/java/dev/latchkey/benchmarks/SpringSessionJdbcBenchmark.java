package dev.latchkey.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.Latchkey;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.store.jdbc.JdbcSchema;
import dev.latchkey.store.jdbc.JdbcSettings;
import dev.latchkey.store.jdbc.JdbcStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Session validation per request, Latchkey next to Spring Session JDBC 3.5, on the same PostgreSQL
 * behind the same HikariCP pool (8 connections), both behind one {@link CountingDataSource} that
 * counts connection checkouts, statements and transactions per request (printed at tear-down).
 *
 * <ul>
 *   <li>Latchkey: {@code sessions().validate(token)}: one indexed SELECT by token hash; the
 *       last-active write happens at most once per touch interval (1 minute), so not in steady
 *       state (Latchkey's clock is frozen after setup, so a long run stays in it);
 *   <li>Spring Session: what its {@code SessionRepositoryFilter} runs per request, with
 *       {@code JdbcIndexedSessionRepository} wired as Spring Boot does (a {@link TransactionTemplate}
 *       with {@code REQUIRES_NEW}): {@code findById}, {@code setLastAccessedTime(now)}, {@code save}.
 *       Each session holds one attribute, {@code SPRING_SECURITY_CONTEXT}, a serialized object of a
 *       few hundred bytes, like an authenticated user's security context.
 * </ul>
 *
 * <p>Each side has {@value #SESSIONS} sessions to pick from at random plus {@value #OTHERS} other
 * sessions generated in SQL ({@code generate_series}), in tables of its own: Latchkey's under a
 * random table prefix, Spring Session's in its shipped {@code schema-postgresql.sql} inside a
 * random schema; both are dropped at tear-down. Run with {@code -t 1} and {@code -t 4}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpringSessionJdbcBenchmark {
  static final int SESSIONS = 10_000;
  static final int OTHERS = 100_000;
  private static final String SECURITY_CONTEXT = "SPRING_SECURITY_CONTEXT";

  private HikariDataSource pool;
  private CountingDataSource counting;
  private String prefix;
  private String schema;
  private Latchkey latchkey;
  private String[] tokens;
  /** The repository as its filter sees it (its session class is not public). */
  private SessionRepository<Session> repository;
  private String[] springIds;
  private final LongAdder latchkeyRequests = new LongAdder();
  private final LongAdder springRequests = new LongAdder();
  private final FreezableClock latchkeyClock = new FreezableClock();
  final LongAdder failures = new LongAdder();

  /**
   * Stands in for Spring Security's {@code SecurityContextImpl}: the repository reads
   * {@code authentication.name} from this attribute (its principal-name index) as it would there.
   */
  public static final class SecurityContext implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Authentication authentication;

    SecurityContext(Authentication authentication) {
      this.authentication = authentication;
    }

    public Authentication getAuthentication() {
      return authentication;
    }
  }

  /** A user's authentication: name, authorities, request details, when. */
  public static final class Authentication implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final List<String> authorities;
    private final Map<String, String> details;
    private final Instant authenticatedAt;

    Authentication(String name, List<String> authorities, Map<String, String> details,
        Instant authenticatedAt) {
      this.name = name;
      this.authorities = authorities;
      this.details = details;
      this.authenticatedAt = authenticatedAt;
    }

    public String getName() {
      return name;
    }

    @Override
    public String toString() {
      return name + authorities + details + authenticatedAt;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(System.getenv().getOrDefault("LATCHKEY_BENCH_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:5432/test?user=root"));
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
    counting = new CountingDataSource(pool);
    String run = Long.toString(System.nanoTime() % 1_000_000, 36);

    // Latchkey
    prefix = "lk_ss_" + run + "_";
    JdbcSettings options = JdbcSettings.builder().tablePrefix(prefix).build();
    JdbcSchema.apply(pool, options);
    latchkey = Latchkey.builder().stores(JdbcStores.create(counting.dataSource, options))
        .clock(latchkeyClock).build();
    ClientInfo client = new ClientInfo("203.0.113.9",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36");
    tokens = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      tokens[i] = latchkey.sessions().create("acct-" + (i % 1000), client).token().reveal();
    }
    // Spring Session
    schema = "spring_ss_" + run;
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
      st.execute("SET search_path TO " + schema);
      for (String ddl : shippedSchema().split(";")) {
        if (!ddl.isBlank()) {
          st.execute(ddl);
        }
      }
      st.execute("SET search_path TO DEFAULT");
    }
    JdbcTemplate jdbc = new JdbcTemplate(counting.dataSource);
    TransactionTemplate tx = new TransactionTemplate(
        new DataSourceTransactionManager(counting.dataSource));
    tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    tx.afterPropertiesSet();
    JdbcIndexedSessionRepository jdbcRepository = new JdbcIndexedSessionRepository(jdbc, tx);
    jdbcRepository.setTableName(schema + ".SPRING_SESSION");
    @SuppressWarnings({"unchecked", "rawtypes"})
    SessionRepository<Session> asFilterSeesIt = (SessionRepository) jdbcRepository;
    repository = asFilterSeesIt;
    springIds = new String[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      Session s = repository.createSession();
      s.setAttribute(SECURITY_CONTEXT, new SecurityContext(new Authentication(
          "user-" + i + "@example.com", List.of("ROLE_USER", "SCOPE_profile", "SCOPE_email"),
          new java.util.HashMap<>(Map.of("remoteAddress", "203.0.113.9", "sessionId", "web-" + i)),
          Instant.now())));
      repository.save(s);
      springIds[i] = s.getId();
    }
    generateOthers();
    try (Connection c = pool.getConnection(); Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT avg(length(attribute_bytes)) FROM "
            + schema + ".SPRING_SESSION_ATTRIBUTES")) {
      rs.next();
      System.out.println("security context attribute: " + Math.round(rs.getDouble(1))
          + " bytes serialized");
    }
    // Generating rows can take longer than the touch interval (1 minute): validate every session
    // once more now, so the measurement sees the steady state (no last-active write due).
    // Latchkey's clock stops first, so that pass records every session as active at the frozen
    // instant, however long it takes: a run longer than the touch interval (on a loaded machine
    // it is) would otherwise measure the once-a-minute last-active write of every session instead
    // of the steady state of users active more often than that (an interleaved run at load 12
    // counted 1.73 statements a request).
    latchkeyClock.freeze();
    for (String token : tokens) {
      latchkey.sessions().validate(token);
    }
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("ANALYZE " + prefix + "sessions");
      st.execute("ANALYZE " + schema + ".SPRING_SESSION");
      st.execute("ANALYZE " + schema + ".SPRING_SESSION_ATTRIBUTES");
    }
  }

  /** {@value #OTHERS} more rows in each table, made by the database from one real row. */
  private void generateOthers() throws SQLException {
    GeneratedRows.sessions(pool, prefix, OTHERS);
    GeneratedRows.copies(pool, schema + ".spring_session", OTHERS,
        "'primary_id', md5('p' || g), 'session_id', md5('s' || g), 'principal_name', 'gen-' || g");
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("INSERT INTO " + schema + ".spring_session_attributes"
          + " SELECT md5('p' || g), a.attribute_name, a.attribute_bytes"
          + " FROM (SELECT * FROM " + schema + ".spring_session_attributes LIMIT 1) a"
          + " CROSS JOIN generate_series(1, " + OTHERS + ") g");
    }
  }

  private static String shippedSchema() throws IOException {
    try (InputStream in = JdbcIndexedSessionRepository.class.getResourceAsStream(
        "/org/springframework/session/jdbc/schema-postgresql.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema-postgresql.sql not in spring-session-jdbc");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Setup(Level.Iteration)
  public void resetCounts() {
    counting.reset();
    latchkeyRequests.reset();
    springRequests.reset();
  }

  @TearDown(Level.Iteration)
  public void printCounts() {
    long requests = latchkeyRequests.sum() + springRequests.sum();
    System.out.println();
    System.out.println((latchkeyRequests.sum() > 0 ? "latchkey " : "spring session ")
        + counting.perRequest(requests) + "; " + requests + " requests, " + failures.sum()
        + " failed");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      JdbcTables.dropPrefixed(c, prefix);
    } finally {
      pool.close();
    }
  }

  @Benchmark
  public SessionValidation latchkeyValidate() {
    latchkeyRequests.increment();
    try {
      SessionValidation v = latchkey.sessions().validate(
          tokens[ThreadLocalRandom.current().nextInt(SESSIONS)]);
      if (!v.isValid()) {
        throw new IllegalStateException("session not valid: " + v);
      }
      return v;
    } catch (RuntimeException e) {
      throw failed("latchkey", e);
    }
  }

  @Benchmark
  public Object springSessionFindTouchSave() {
    springRequests.increment();
    try {
      Session s = repository.findById(springIds[ThreadLocalRandom.current().nextInt(SESSIONS)]);
      if (s == null) {
        throw new IllegalStateException("Spring Session found no session (expired or deleted)");
      }
      s.setLastAccessedTime(Instant.now());
      repository.save(s);
      Object context = s.getAttribute(SECURITY_CONTEXT);
      if (!(context instanceof SecurityContext)) {
        throw new IllegalStateException("Spring Session lost the security context: " + context);
      }
      return context;
    } catch (RuntimeException e) {
      throw failed("spring session", e);
    }
  }

  /**
   * Counts a failed request and prints the first few with their stack traces: a request that
   * fails ends JMH's iteration, so a failure must never pass for a slow request (an earlier
   * reading of this benchmark's ±80 % errors as failed requests was wrong: those are JMH's
   * confidence intervals; {@link #failures} is printed at every iteration's end).
   */
  private RuntimeException failed(String side, RuntimeException e) {
    failures.increment();
    if (failures.sum() <= 3) {
      System.err.println(side + " request failed:");
      e.printStackTrace();
    }
    return e;
  }

  // ---- interleaved run (not JMH) ----

  /**
   * Both sides in one JVM on one set of tables, alternating: each round runs a batch of Latchkey
   * requests and a batch of Spring Session requests (in a random order) on {@code threads} threads,
   * and the ratio is taken per round. On a machine whose load moves (this project's shared one), a
   * JMH run measures the two sides minutes apart with the database set up twice; here both see the
   * same load, the same tables and the same warm caches.
   *
   * <pre>
   * java -cp benchmarks/target/benchmarks.jar dev.latchkey.benchmarks.SpringSessionJdbcBenchmark [threads] [rounds] [requests per thread per batch]
   * </pre>
   */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    System.out.println("# load: " + java.nio.file.Files.readString(
        java.nio.file.Path.of("/proc/loadavg")).trim());
    SpringSessionJdbcBenchmark b = new SpringSessionJdbcBenchmark();
    b.setUp();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      String[] names = {"latchkey validate", "spring session find+touch+save"};
      java.util.List<java.util.concurrent.Callable<Object>> ops =
          java.util.List.of(b::latchkeyValidate, b::springSessionFindTouchSave);
      String[] shape = new String[2];
      for (int w = 0; w < 5; w++) {
        for (int side = 0; side < 2; side++) {
          timeBatch(pool, threads, batch, ops.get(side));
        }
      }
      double[][] micros = new double[2][rounds];
      java.util.Random order = new java.util.Random(7);
      for (int r = 0; r < rounds; r++) {
        int first = order.nextInt(2);
        for (int k = 0; k < 2; k++) {
          int side = (first + k) % 2;
          b.resetCounts();
          micros[side][r] = timeBatch(pool, threads, batch, ops.get(side));
          shape[side] = b.counting.perRequest((long) threads * batch);
        }
      }
      System.out.printf("%n## %d thread(s), %d rounds of %d requests per thread per side,"
          + " mean time per request ± 99.9 %% interval%n", threads, rounds, batch);
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = micros[1][r] / micros[0][r];
      }
      for (int side = 0; side < 2; side++) {
        System.out.printf("%-32s %9.1f ± %7.1f µs (%.0f %%)   %s%n", names[side],
            Stats.mean(micros[side]), Stats.error(micros[side]),
            100 * Stats.error(micros[side]) / Stats.mean(micros[side]), shape[side]);
      }
      System.out.printf("ratio spring session / latchkey (per round): %.1f ± %.1f%n",
          Stats.mean(ratio), Stats.error(ratio));
      System.out.println("failed requests: " + b.failures.sum());
    } finally {
      pool.shutdown();
      b.tearDown();
    }
    System.out.println("# load: " + java.nio.file.Files.readString(
        java.nio.file.Path.of("/proc/loadavg")).trim());
  }

  /** Wall time per request (µs, as JMH's average time: elapsed × threads ÷ requests). */
  private static double timeBatch(java.util.concurrent.ExecutorService pool, int threads,
      int batch, java.util.concurrent.Callable<Object> op) throws Exception {
    java.util.List<java.util.concurrent.Callable<Object>> work = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(() -> {
        for (int i = 0; i < batch; i++) {
          op.call();
        }
        return null;
      });
    }
    long start = System.nanoTime();
    for (java.util.concurrent.Future<Object> f : pool.invokeAll(work)) {
      f.get(); // rethrows a failed request
    }
    return (System.nanoTime() - start) / 1e3 * threads / ((double) threads * batch);
  }
}
