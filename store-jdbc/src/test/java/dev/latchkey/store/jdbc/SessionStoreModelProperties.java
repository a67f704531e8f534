package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.client.ClientInfo;
import dev.latchkey.client.IpLocator;
import dev.latchkey.session.Assurance;
import dev.latchkey.session.NewSession;
import dev.latchkey.session.SensitiveAction;
import dev.latchkey.session.SessionInfo;
import dev.latchkey.session.SessionRegistry;
import dev.latchkey.session.SessionRenewal;
import dev.latchkey.session.SessionRotateResult;
import dev.latchkey.session.SessionSettings;
import dev.latchkey.session.SessionValidation;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based check of the JDBC session store: the same random sequence of registry calls runs
 * against a {@link SessionRegistry} over the in-memory store (the model) and one over the JDBC
 * store, sharing one clock, and every answer must be the same.
 *
 * <p>Tokens and ids are random, so sessions are named by creation index and every outcome is
 * expressed in indexes: "valid #2 …", "revoked", a list as its groups of equal last-active time,
 * newest first. The sequences are lists, so jqwik shrinks a failure to a short one.
 */
class SessionStoreModelProperties {
  private static final Instant START = Instant.parse("2026-03-01T08:00:00.000Z");
  /** Includes a case variant: a store that matches accounts case-insensitively would differ. */
  private static final List<String> ACCOUNTS = List.of("acct-a", "acct-b", "Acct-A");
  private static final List<ClientInfo> CLIENTS = List.of(
      new ClientInfo("203.0.113.7", "Mozilla/5.0 (Macintosh) Chrome/126.0"),
      new ClientInfo("2001:db8::1", "curl/8.4.0"),
      ClientInfo.unknown());

  private static Database h2;
  private static Database postgresql;

  @AfterContainer
  static void dropTables() {
    for (Database db : new Database[] {h2, postgresql}) {
      if (db != null) {
        db.close();
      }
    }
    h2 = null;
    postgresql = null;
  }

  @Property(tries = 50)
  void registryOverH2AnswersLikeTheInMemoryModel(@ForAll("operations") List<Op> ops) {
    runBoth(h2(), ops);
  }

  @Property(tries = 50)
  @AddLifecycleHook(SkipWithoutPostgresql.class)
  void registryOverPostgresqlAnswersLikeTheInMemoryModel(@ForAll("operations") List<Op> ops) {
    runBoth(postgresql(), ops);
  }

  /** Valid exactly while unrevoked, within the absolute lifetime and not idle; never after. */
  @Property(tries = 50)
  void aSessionValidatesUntilRevokedOrExpiredAndNeverAfter(
      @ForAll("lifeSteps") List<Op> steps) {
    MutableClock clock = new MutableClock(START);
    SessionSettings settings = SessionSettings.defaults();
    SessionRegistry registry = registry(h2().emptySessions(), clock);
    NewSession s = registry.create("acct-life", CLIENTS.get(0));
    String token = s.token().reveal();
    Instant lastActive = START;
    boolean revoked = false;
    boolean rejectedBefore = false;
    for (Op step : steps) {
      Instant now = clock.instant();
      if (step instanceof Advance a) {
        clock.advance(a.by());
      } else if (step instanceof Revoke) {
        assertThat(registry.revoke("acct-life", s.id()).isRevoked()).isEqualTo(!revoked);
        revoked = true;
      } else {
        SessionValidation v = registry.validate(token);
        SessionValidation.Reason expected = revoked ? SessionValidation.Reason.REVOKED
            : !now.isBefore(s.expiresAt()) ? SessionValidation.Reason.EXPIRED
            : !now.isBefore(lastActive.plus(settings.idleTimeout()))
                ? SessionValidation.Reason.IDLE_EXPIRED : null;
        if (expected == null) {
          assertThat(rejectedBefore).as("valid again after a rejection").isFalse();
          assertThat(v.isValid()).as("valid at %s", now).isTrue();
          if (!now.isBefore(lastActive.plus(settings.touchInterval()))) {
            lastActive = now;
          }
        } else {
          assertThat(v).isEqualTo(new SessionValidation.Rejected(expected));
          rejectedBefore = true;
        }
      }
    }
  }

  // --- the two registries ---------------------------------------------------------------------

  private static void runBoth(Database db, List<Op> ops) {
    MutableClock clock = new MutableClock(START);
    Side model = new Side(registry(InMemoryStores.create().sessions(), clock));
    Side jdbc = new Side(registry(db.emptySessions(), clock));
    int step = 0;
    for (Op op : ops) {
      step++;
      if (op instanceof Advance a) {
        clock.advance(a.by());
        continue;
      }
      String expected = model.apply(op);
      String actual = jdbc.apply(op);
      assertThat(actual).as("step %d of %s: %s", step, ops, op).isEqualTo(expected);
      Statistics.label("outcomes").collect(op.getClass().getSimpleName() + " → " + kind(expected));
    }
  }

  /** The kind of an outcome, for the statistics jqwik prints: "valid", "idle_expired", … */
  private static String kind(String outcome) {
    if (outcome.startsWith("[")) {
      return outcome.equals("[]") ? "empty list" : "non-empty list";
    }
    if (outcome.startsWith("valid ") || outcome.startsWith("created ")
        || outcome.startsWith("rotated ")) {
      return outcome.substring(0, outcome.indexOf(' '));
    }
    return outcome.replaceAll("[1-9][0-9]*", "n");
  }

  private static SessionRegistry registry(SessionStore store, MutableClock clock) {
    return SessionRegistry.using(store, clock, new SecureRandom(), SessionSettings.defaults(),
        IpLocator.none());
  }

  /** One registry and what the test knows about its sessions, by creation index. */
  private static final class Side {
    private final SessionRegistry registry;
    private final List<String> ids = new ArrayList<>();
    /** Per session, every token it has had: the first, then one per rotation. */
    private final List<List<String>> tokens = new ArrayList<>();

    Side(SessionRegistry registry) {
      this.registry = registry;
    }

    String apply(Op op) {
      if (op instanceof Create c) {
        NewSession s = registry.create(ACCOUNTS.get(c.account()), CLIENTS.get(c.client()),
            c.multiFactor() ? Assurance.MULTI_FACTOR : Assurance.SINGLE_FACTOR);
        ids.add(s.id());
        tokens.add(new ArrayList<>(List.of(s.token().reveal())));
        return "created #" + (ids.size() - 1) + " until " + s.expiresAt() + " " + s.assurance();
      }
      if (op instanceof ListSessions l) {
        return describe(registry.list(ACCOUNTS.get(l.account()), null));
      }
      if (op instanceof RevokeAll r) {
        return "revoked " + registry.revokeAll(ACCOUNTS.get(r.account()));
      }
      if (op instanceof Purge p) {
        return "purged " + registry.purge(p.retention());
      }
      if (ids.isEmpty()) {
        return "no sessions yet";
      }
      if (op instanceof Validate v) {
        return describe(registry.validate(token(v.session(), v.firstToken())));
      }
      if (op instanceof Revoke r) {
        return "revoke " + registry.revoke(ACCOUNTS.get(r.account()), id(r.session())).code();
      }
      if (op instanceof RevokeOthers r) {
        SessionValidation v = registry.validate(token(r.session(), false));
        return v instanceof SessionValidation.Valid valid
            ? "revoked others " + registry.revokeOthers(valid.session()) : describe(v);
      }
      if (op instanceof Reauthenticate r) {
        int i = index(r.session());
        SessionValidation v = registry.validate(token(i, false));
        if (!(v instanceof SessionValidation.Valid valid)) {
          return describe(v);
        }
        return "reauthenticated " + registry.markReauthenticated(valid.session())
            + " recent for email " + registry.isRecentlyAuthenticated(valid.session(),
                SensitiveAction.CHANGE_EMAIL);
      }
      if (op instanceof FactorChange f) {
        int i = index(f.session());
        SessionValidation v = registry.validate(token(i, false));
        if (!(v instanceof SessionValidation.Valid valid)) {
          return describe(v);
        }
        SessionRenewal renewal = registry.afterFactorChange(valid.session());
        renewal.newSession().ifPresent(n -> tokens.get(i).add(n.token().reveal()));
        return "factor changed: ended " + renewal.otherSessionsEnded() + ", renewed "
            + renewal.newSession().map(n -> "#" + ids.indexOf(n.id()) + " until " + n.expiresAt()
                + " " + n.assurance()).orElse("none");
      }
      if (op instanceof Rotate r) {
        int i = index(r.session());
        SessionRotateResult result = registry.rotate(token(i, false),
            r.multiFactor() ? Assurance.MULTI_FACTOR : Assurance.SINGLE_FACTOR);
        if (!(result instanceof SessionRotateResult.Rotated rotated)) {
          return "not rotated: " + result.code();
        }
        NewSession n = rotated.session();
        tokens.get(i).add(n.token().reveal());
        return "rotated #" + ids.indexOf(n.id()) + " until " + n.expiresAt() + " " + n.assurance();
      }
      throw new IllegalArgumentException("unknown op " + op);
    }

    private int index(int session) {
      return Math.floorMod(session, ids.size());
    }

    private String id(int session) {
      return ids.get(index(session));
    }

    private String token(int session, boolean first) {
      List<String> all = tokens.get(index(session));
      return first ? all.get(0) : all.get(all.size() - 1);
    }

    private String describe(SessionValidation v) {
      if (v instanceof SessionValidation.Valid valid) {
        return "valid #" + ids.indexOf(valid.session().sessionId()) + " "
            + valid.session().accountId() + " " + valid.session().assurance() + " "
            + valid.session().createdAt() + ".." + valid.session().expiresAt()
            + " authenticated " + valid.session().authenticatedAt();
      }
      return ((SessionValidation.Rejected) v).reason().code();
    }

    /**
     * A list as its groups of equal last-active time, newest first. Within a group the order
     * follows the (random, so side-specific) ids: each side checks it against its own ids, and
     * the group is compared as a set of indexes.
     */
    private String describe(List<SessionInfo> list) {
      for (int i = 1; i < list.size(); i++) {
        SessionInfo a = list.get(i - 1);
        SessionInfo b = list.get(i);
        int byTime = b.lastActiveAt().compareTo(a.lastActiveAt());
        if (byTime > 0 || (byTime == 0 && a.id().compareTo(b.id()) >= 0)) {
          return "misordered at " + i + ": " + list;
        }
      }
      Map<Instant, SortedSet<String>> groups = new LinkedHashMap<>();
      for (SessionInfo s : list) {
        groups.computeIfAbsent(s.lastActiveAt(), t -> new TreeSet<>()).add(describe(s));
      }
      return groups.values().toString();
    }

    private String describe(SessionInfo s) {
      return "#" + ids.indexOf(s.id()) + " active " + s.lastActiveAt() + " created "
          + s.createdAt() + " until " + s.expiresAt() + " " + s.assurance() + " " + s.device()
          + " " + s.location() + " " + s.ipAddress() + " current=" + s.current();
    }
  }

  // --- operations -----------------------------------------------------------------------------

  sealed interface Op {}

  record Create(int account, int client, boolean multiFactor) implements Op {}

  record Validate(int session, boolean firstToken) implements Op {}

  record Revoke(int account, int session) implements Op {}

  record RevokeAll(int account) implements Op {}

  record RevokeOthers(int session) implements Op {}

  record Rotate(int session, boolean multiFactor) implements Op {}

  record Reauthenticate(int session) implements Op {}

  record FactorChange(int session) implements Op {}

  record ListSessions(int account) implements Op {}

  record Advance(Duration by) implements Op {}

  record Purge(Duration retention) implements Op {}

  @Provide
  Arbitrary<List<Op>> operations() {
    Arbitrary<Integer> account = Arbitraries.integers().between(0, ACCOUNTS.size() - 1);
    Arbitrary<Integer> session = Arbitraries.integers().between(0, 15);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    Arbitrary<Op> create = Combinators.combine(account,
        Arbitraries.integers().between(0, CLIENTS.size() - 1), flag).as(Create::new);
    Arbitrary<Op> validate = Combinators.combine(session, flag).as(Validate::new);
    Arbitrary<Op> revoke = Combinators.combine(account, session).as(Revoke::new);
    Arbitrary<Op> revokeAll = account.map(RevokeAll::new);
    Arbitrary<Op> revokeOthers = session.map(RevokeOthers::new);
    Arbitrary<Op> rotate = Combinators.combine(session, flag).as(Rotate::new);
    Arbitrary<Op> list = account.map(ListSessions::new);
    Arbitrary<Op> reauthenticate = session.map(Reauthenticate::new);
    Arbitrary<Op> factorChange = session.map(FactorChange::new);
    Arbitrary<Op> purge = Arbitraries.of(Duration.ZERO, Duration.ofMinutes(10), Duration.ofHours(1))
        .map(Purge::new);
    Arbitrary<Op> op = Arbitraries.frequencyOf(
        Tuple.of(4, create), Tuple.of(6, validate), Tuple.of(2, revoke), Tuple.of(1, revokeAll),
        Tuple.of(1, revokeOthers), Tuple.of(2, rotate), Tuple.of(2, list), Tuple.of(5, advance()),
        Tuple.of(1, purge), Tuple.of(2, reauthenticate), Tuple.of(1, factorChange));
    return op.list().ofMaxSize(30).withSizeDistribution(RandomDistribution.uniform());
  }

  @Provide
  Arbitrary<List<Op>> lifeSteps() {
    Arbitrary<Op> validate = Arbitraries.just(new Validate(0, false));
    Arbitrary<Op> revoke = Arbitraries.just(new Revoke(0, 0));
    return Arbitraries.frequencyOf(Tuple.of(6, validate), Tuple.of(6, advance()),
        Tuple.of(1, revoke)).list().ofMaxSize(30).withSizeDistribution(RandomDistribution.uniform());
  }

  /** Clock moves around the boundaries that matter (touch 60 s, idle 30 min, absolute 12 h). */
  private static Arbitrary<Op> advance() {
    Arbitrary<Duration> edges = Arbitraries.of(Duration.ofMillis(1), Duration.ofSeconds(59),
        Duration.ofSeconds(60), Duration.ofSeconds(61), Duration.ofMinutes(30).minusMillis(1),
        Duration.ofMinutes(30), Duration.ofMinutes(31), Duration.ofHours(2),
        Duration.ofHours(12), Duration.ofHours(13));
    Arbitrary<Duration> any = Arbitraries.longs().between(0, Duration.ofHours(13).toMillis())
        .map(Duration::ofMillis);
    Arbitrary<Duration> withinIdle = Arbitraries.longs()
        .between(0, Duration.ofMinutes(29).toMillis()).map(Duration::ofMillis);
    return Arbitraries.frequencyOf(Tuple.of(3, edges), Tuple.of(1, any), Tuple.of(3, withinIdle))
        .map(Advance::new);
  }

  // --- databases ------------------------------------------------------------------------------

  private static synchronized Database h2() {
    if (h2 == null) {
      h2 = new Database(TestDatabases.Db.H2);
    }
    return h2;
  }

  private static synchronized Database postgresql() {
    // Reached only when the hook did not skip: fails with the reason when PostgreSQL is required.
    TestDatabases.assumeAvailable(TestDatabases.Db.POSTGRESQL);
    if (postgresql == null) {
      postgresql = new Database(TestDatabases.Db.POSTGRESQL);
    }
    return postgresql;
  }

  /** A pool and a random table prefix holding the shipped schema, dropped after the container. */
  private static final class Database {
    private final HikariDataSource pool;
    private final String prefix;
    private final SessionStore sessions;

    Database(TestDatabases.Db db) {
      this.pool = TestDatabases.pool(db, db.url(), "model-" + db.key);
      this.prefix = TestDatabases.randomPrefix();
      JdbcSettings options = JdbcSettings.builder().tablePrefix(prefix).build();
      JdbcSchema.apply(pool, options);
      this.sessions = JdbcStores.create(pool, options).sessions();
    }

    SessionStore emptySessions() {
      TestDatabases.deleteRows(pool, prefix);
      return sessions;
    }

    void close() {
      try {
        TestDatabases.dropTables(pool, prefix);
      } finally {
        pool.close();
      }
    }
  }

  /** Skips the PostgreSQL property when the server is unreachable, unless it is required. */
  static final class SkipWithoutPostgresql implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      Optional<String> why = TestDatabases.unavailable(TestDatabases.Db.POSTGRESQL);
      if (why.isEmpty() || TestDatabases.required(TestDatabases.Db.POSTGRESQL)) {
        return SkipResult.doNotSkip();
      }
      return SkipResult.skip(why.get());
    }
  }
}
