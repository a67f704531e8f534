package dev.latchkey.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the demo runs: where it listens, where its data lives, and which optional integrations are on.
 *
 * <p>Read once at start-up from the environment and the command line ({@link #from}); command-line
 * flags win over environment variables. Immutable; tests build one with {@link #defaults()} and the
 * {@code with…} methods.
 *
 * @param port the HTTP port; {@code 0} picks a free one (tests)
 * @param dataDir where the embedded H2 database lives; created if missing
 * @param jdbcUrl a PostgreSQL, MariaDB or H2 URL to use instead of the embedded database, or
 *     {@code null}
 * @param jdbcUser the database user for {@code jdbcUrl}, or {@code null} (then the URL carries it)
 * @param jdbcPassword the database password for {@code jdbcUrl}, or {@code null}
 * @param geoIpCsv a DB-IP "IP to City Lite" CSV for approximate session locations, or {@code null}
 * @param trustProxy whether a reverse proxy sits in front: honour {@code X-Forwarded-For} and
 *     {@code X-Forwarded-Proto}. Leave off when clients connect directly, or they can claim any IP.
 * @param keys the key ring ({@code LATCHKEY_KEYS}, in {@code KeyRing.parse} form), or {@code null}:
 *     then an embedded database generates one into {@code dataDir} on its first run
 * @param requireTwoFactor whether every account must use two-factor authentication
 *     ({@code LATCHKEY_REQUIRE_2FA=true}): sign-ins of accounts without it get an enrolment-only
 *     session that can do nothing but set it up
 * @param passkeyRpId the WebAuthn relying party id passkeys are bound to: the host name the page is
 *     served on ({@code LATCHKEY_PASSKEY_RP_ID}, {@code localhost} by default)
 * @param passkeyOrigins the exact origins the browser may report ({@code LATCHKEY_PASSKEY_ORIGINS},
 *     comma-separated), or empty: then {@code http://localhost:{port}} for the RP id
 *     {@code localhost}, else {@code https://{rpId}}
 * @param emailVerification whether sign-up by email needs a verified address
 *     ({@code LATCHKEY_EMAIL_VERIFICATION}, on unless {@code false}): sign-up answers "check your
 *     email" whether or not the address is taken, and an unverified account cannot sign in. On in
 *     {@link #from} (the demo jar); off in {@link #defaults()} for tests that sign up and sign in
 *     at once ({@link #withEmailVerification} turns it on)
 * @param publicUrl the URL people reach the demo at, which recovery and verification links point
 *     to ({@code LATCHKEY_PUBLIC_URL}), or {@code null}: then {@code http://localhost:{port}}
 * @param scaleOut how several instances share state: Redis for hot state, the invalidation bus and
 *     the per-process validation cache
 */
public record DemoConfig(
    int port,
    Path dataDir,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Path geoIpCsv,
    boolean trustProxy,
    String keys,
    boolean requireTwoFactor,
    String passkeyRpId,
    List<String> passkeyOrigins,
    boolean emailVerification,
    String publicUrl,
    ScaleOut scaleOut) {

  /** The port used when neither {@code PORT} nor {@code --port} is given. */
  public static final int DEFAULT_PORT = 7070;
  /** The data directory used when {@code LATCHKEY_DATA_DIR} is not set. */
  public static final Path DEFAULT_DATA_DIR = Path.of("data");
  /** The passkey RP id used when {@code LATCHKEY_PASSKEY_RP_ID} is not set. */
  public static final String DEFAULT_PASSKEY_RP_ID = "localhost";

  /** Checks the values. */
  public DemoConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("Invalid port " + port + "; must be 0 to 65535");
    }
    Objects.requireNonNull(dataDir, "dataDir");
    jdbcUrl = blankToNull(jdbcUrl);
    jdbcUser = blankToNull(jdbcUser);
    jdbcPassword = blankToNull(jdbcPassword);
    keys = blankToNull(keys);
    passkeyRpId = passkeyRpId == null || passkeyRpId.isBlank() ? DEFAULT_PASSKEY_RP_ID
        : passkeyRpId.strip();
    passkeyOrigins = passkeyOrigins == null ? List.of() : List.copyOf(passkeyOrigins);
    publicUrl = blankToNull(publicUrl);
    if (publicUrl != null && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
      throw new IllegalArgumentException("Invalid public URL; it must start with http:// or"
          + " https://");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("Invalid JDBC URL; it must start with jdbc:");
    }
    scaleOut = scaleOut == null ? ScaleOut.NONE : scaleOut;
  }

  /**
   * Settings for running several instances on one database.
   *
   * @param redisUrl {@code LATCHKEY_REDIS_URL}: keep sessions, attempt counters, sign-in challenges
   *     and known devices on this Redis/Valkey (durable data stays in the database), and carry
   *     invalidations over its pub/sub; {@code null} for none
   * @param redisKeyPrefix {@code LATCHKEY_REDIS_KEY_PREFIX}: the prefix of every key and of the
   *     invalidation channel ({@code latchkey:} by default)
   * @param validationCache {@code LATCHKEY_VALIDATION_CACHE=true}: answer session validations and
   *     API key authentications from a per-process cache (Caffeine), kept honest by an invalidation
   *     bus: Redis pub/sub with {@code redisUrl}, else PostgreSQL {@code LISTEN/NOTIFY} on
   *     PostgreSQL, else a polling bus (MariaDB, an H2 server), else (embedded H2, one process
   *     only) an in-process bus
   */
  public record ScaleOut(String redisUrl, String redisKeyPrefix, boolean validationCache) {
    /** One instance: no Redis, no cache. */
    public static final ScaleOut NONE = new ScaleOut(null, null, false);

    /** Checks the values. */
    public ScaleOut {
      redisUrl = blankToNull(redisUrl);
      redisKeyPrefix = blankToNull(redisKeyPrefix);
      if (redisUrl != null && !redisUrl.startsWith("redis://") && !redisUrl.startsWith("rediss://")
          && !redisUrl.startsWith("redis-sentinel://")) {
        throw new IllegalArgumentException(
            "Invalid LATCHKEY_REDIS_URL; it must start with redis://, rediss:// or redis-sentinel://");
      }
    }

    /** Never prints the Redis URL, which may carry a password. */
    @Override
    public String toString() {
      return "ScaleOut[redis=" + (redisUrl == null ? "(none)" : redactRedisUrl(redisUrl))
          + ", redisKeyPrefix="
          + redisKeyPrefix + ", validationCache=" + validationCache + "]";
    }
  }

  /** Port 7070, data under {@code ./data}, embedded H2, no GeoIP, no proxy. */
  public static DemoConfig defaults() {
    return new DemoConfig(DEFAULT_PORT, DEFAULT_DATA_DIR, null, null, null, null, false, null,
        false, DEFAULT_PASSKEY_RP_ID, List.of(), false, null, ScaleOut.NONE);
  }

  /**
   * Reads the configuration.
   *
   * <ul>
   *   <li>{@code PORT} or {@code --port N}
   *   <li>{@code LATCHKEY_DATA_DIR} (default {@code ./data})
   *   <li>{@code LATCHKEY_JDBC_URL} or {@code --jdbc-url URL}, with {@code LATCHKEY_JDBC_USER} and
   *       {@code LATCHKEY_JDBC_PASSWORD}
   *   <li>{@code LATCHKEY_GEOIP_CSV}: path to a DB-IP lite city CSV
   *   <li>{@code LATCHKEY_TRUST_PROXY=true}
   *   <li>{@code LATCHKEY_KEYS}: the key ring for two-factor secrets and backup codes
   *   <li>{@code LATCHKEY_REQUIRE_2FA=true}: every account must set up two-factor authentication
   *   <li>{@code LATCHKEY_PASSKEY_RP_ID}, {@code LATCHKEY_PASSKEY_ORIGINS}: where passkeys work
   *   <li>{@code LATCHKEY_REDIS_URL}, {@code LATCHKEY_REDIS_KEY_PREFIX},
   *       {@code LATCHKEY_VALIDATION_CACHE=true}: several instances (see {@link ScaleOut})
   * </ul>
   *
   * @throws IllegalArgumentException naming the bad value or flag
   */
  public static DemoConfig from(Map<String, String> env, String[] args) {
    String port = env.get("PORT");
    String jdbcUrl = env.get("LATCHKEY_JDBC_URL");
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--port=")) {
        port = arg.substring("--port=".length());
      } else if (arg.equals("--port")) {
        port = value(args, ++i, arg);
      } else if (arg.startsWith("--jdbc-url=")) {
        jdbcUrl = arg.substring("--jdbc-url=".length());
      } else if (arg.equals("--jdbc-url")) {
        jdbcUrl = value(args, ++i, arg);
      } else {
        throw new IllegalArgumentException("Unknown argument " + arg
            + "; expected --port N or --jdbc-url URL");
      }
    }
    String dataDir = blankToNull(env.get("LATCHKEY_DATA_DIR"));
    String geoIp = blankToNull(env.get("LATCHKEY_GEOIP_CSV"));
    return new DemoConfig(
        parsePort(port),
        dataDir == null ? DEFAULT_DATA_DIR : Path.of(dataDir),
        jdbcUrl,
        env.get("LATCHKEY_JDBC_USER"),
        env.get("LATCHKEY_JDBC_PASSWORD"),
        geoIp == null ? null : Path.of(geoIp),
        "true".equalsIgnoreCase(blankToNull(env.get("LATCHKEY_TRUST_PROXY"))),
        env.get("LATCHKEY_KEYS"),
        "true".equalsIgnoreCase(blankToNull(env.get("LATCHKEY_REQUIRE_2FA"))),
        env.get("LATCHKEY_PASSKEY_RP_ID"),
        origins(env.get("LATCHKEY_PASSKEY_ORIGINS")),
        !"false".equalsIgnoreCase(blankToNull(env.get("LATCHKEY_EMAIL_VERIFICATION"))),
        env.get("LATCHKEY_PUBLIC_URL"),
        new ScaleOut(env.get("LATCHKEY_REDIS_URL"), env.get("LATCHKEY_REDIS_KEY_PREFIX"),
            "true".equalsIgnoreCase(blankToNull(env.get("LATCHKEY_VALIDATION_CACHE")))));
  }

  /** A copy listening on {@code port}. */
  public DemoConfig withPort(int port) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy keeping its embedded database under {@code dataDir}. */
  public DemoConfig withDataDir(Path dataDir) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy using the database at {@code jdbcUrl}. */
  public DemoConfig withJdbcUrl(String jdbcUrl) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy that does or does not trust {@code X-Forwarded-*} headers. */
  public DemoConfig withTrustProxy(boolean trustProxy) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy with the key ring {@code keys} (as {@code LATCHKEY_KEYS} holds it). */
  public DemoConfig withKeys(String keys) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy that does or does not require two-factor authentication of every account. */
  public DemoConfig withRequireTwoFactor(boolean requireTwoFactor) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy whose passkeys are bound to {@code rpId} and accepted from {@code origins}. */
  public DemoConfig withPasskeys(String rpId, List<String> origins) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, rpId, origins, emailVerification, publicUrl, scaleOut);
  }

  /** The same configuration with email verification at sign-up on or off. */
  public DemoConfig withEmailVerification(boolean on) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, on, publicUrl, scaleOut);
  }

  /** The base URL of the links the demo sends, for a server listening on {@code actualPort}. */
  public String publicUrlFor(int actualPort) {
    return publicUrl != null ? publicUrl : "http://localhost:" + actualPort;
  }

  /** A copy with the scale-out settings {@code scaleOut}. */
  public DemoConfig withScaleOut(ScaleOut scaleOut) {
    return new DemoConfig(port, dataDir, jdbcUrl, jdbcUser, jdbcPassword, geoIpCsv, trustProxy,
        keys, requireTwoFactor, passkeyRpId, passkeyOrigins, emailVerification, publicUrl,
        scaleOut);
  }

  /** A copy keeping hot state on the Redis at {@code redisUrl} ({@code null}: in the database). */
  public DemoConfig withRedisUrl(String redisUrl) {
    return withScaleOut(new ScaleOut(redisUrl, scaleOut.redisKeyPrefix(),
        scaleOut.validationCache()));
  }

  /** The Redis URL of {@link #scaleOut()}, or {@code null}. */
  public String redisUrl() {
    return scaleOut.redisUrl();
  }

  /**
   * The origins passkeys are accepted from when the server listens on {@code actualPort}: the
   * configured ones, else {@code http://localhost:{port}} for the RP id {@code localhost}
   * (browsers treat it as a secure context) and {@code https://{rpId}} for any other.
   */
  public List<String> passkeyOriginsFor(int actualPort) {
    if (!passkeyOrigins.isEmpty()) {
      return passkeyOrigins;
    }
    return List.of(passkeyRpId.equals(DEFAULT_PASSKEY_RP_ID)
        ? "http://localhost:" + actualPort : "https://" + passkeyRpId);
  }

  /** Whether the embedded H2 file database is used. */
  public boolean embeddedDatabase() {
    return jdbcUrl == null;
  }

  /** Never prints the database password. */
  @Override
  public String toString() {
    return "DemoConfig[port=" + port + ", dataDir=" + dataDir + ", jdbcUrl="
        + (jdbcUrl == null ? "(embedded H2)" : redactUrl(jdbcUrl)) + ", geoIpCsv=" + geoIpCsv
        + ", trustProxy=" + trustProxy + ", keys=" + (keys == null ? "(none)" : "(set)")
        + ", requireTwoFactor=" + requireTwoFactor + ", passkeyRpId=" + passkeyRpId
        + ", passkeyOrigins=" + passkeyOrigins + ", emailVerification=" + emailVerification
        + ", publicUrl=" + publicUrl + ", " + scaleOut + "]";
  }

  /** The URL without its query string, which may carry a password. */
  static String redactUrl(String url) {
    int q = url.indexOf('?');
    int semi = url.indexOf(';');
    int cut = q < 0 ? semi : semi < 0 ? q : Math.min(q, semi);
    return cut < 0 ? url : url.substring(0, cut);
  }

  /** The Redis URL without its user info and query, either of which may hold a password. */
  static String redactRedisUrl(String url) {
    int scheme = url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    String rest = at >= scheme ? url.substring(at + 1) : url.substring(scheme);
    int q = rest.indexOf('?');
    return url.substring(0, scheme) + (q < 0 ? rest : rest.substring(0, q));
  }

  private static int parsePort(String value) {
    if (blankToNull(value) == null) {
      return DEFAULT_PORT;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid port '" + value + "'; must be 0 to 65535", e);
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException("Missing value after " + flag);
    }
    return args[i];
  }

  private static List<String> origins(String value) {
    if (blankToNull(value) == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
