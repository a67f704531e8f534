package dev.latchkey.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code latchkey.*} settings of the auto-configuration. Everything else (session lifetimes, API
 * key settings, password policy…) is set on the builder through a
 * {@link LatchkeyBuilderCustomizer} bean.
 *
 * <p>The key ring ({@code latchkey.keys}) is a secret: give it from the environment
 * ({@code LATCHKEY_KEYS}) or a secret store, never from a file in the repository. Nothing here
 * prints it.
 */
@ConfigurationProperties(prefix = "latchkey")
public class LatchkeyProperties {
  /**
   * The key ring that encrypts TOTP secrets and keys the backup-code hashes, as
   * "id:base64-of-32-bytes" entries separated by commas, the primary key first (make one with
   * "openssl rand -base64 32"). Setting it (with latchkey.totp.issuer) turns on two-factor
   * authentication. A secret: set it from the environment (LATCHKEY_KEYS), never in a committed
   * file.
   */
  private String keys;

  private final Totp totp = new Totp();
  private final Jdbc jdbc = new Jdbc();
  private final Schema schema = new Schema();
  private final Security security = new Security();
  private final Metrics metrics = new Metrics();

  /** The key ring, or {@code null}; see {@code latchkey.keys}. */
  public String getKeys() {
    return keys;
  }

  /** Sets the key ring ({@code KeyRing.parse} form). */
  public void setKeys(String keys) {
    this.keys = keys;
  }

  /** {@code latchkey.totp.*}. */
  public Totp getTotp() {
    return totp;
  }

  /** {@code latchkey.jdbc.*}. */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** {@code latchkey.schema.*}. */
  public Schema getSchema() {
    return schema;
  }

  /** {@code latchkey.security.*}. */
  public Security getSecurity() {
    return security;
  }

  /** {@code latchkey.metrics.*}. */
  public Metrics getMetrics() {
    return metrics;
  }

  /** Leaves the key ring out: it is a secret. */
  @Override
  public String toString() {
    return "LatchkeyProperties[keys=" + (keys == null ? "unset" : "(set)") + ", totp.issuer="
        + totp.issuer + ", jdbc.tablePrefix=" + jdbc.tablePrefix + ", schema.apply="
        + schema.apply + "]";
  }

  /** Authenticator-app (TOTP) settings. */
  public static class Totp {
    /**
     * The issuer shown in authenticator apps next to the account name, e.g. "Acme". Required
     * when latchkey.keys is set.
     */
    private String issuer;

    /** The issuer, or {@code null}. */
    public String getIssuer() {
      return issuer;
    }

    /** Sets the issuer. */
    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }
  }

  /** The JDBC stores. */
  public static class Jdbc {
    /** Prefix of every Latchkey table, index and constraint name. */
    // JdbcSettings.DEFAULT_TABLE_PREFIX, written out so the generated metadata shows the default
    // (a test checks they agree).
    private String tablePrefix = "latchkey_";

    /** The table prefix. */
    public String getTablePrefix() {
      return tablePrefix;
    }

    /** Sets the table prefix. */
    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /** Creating and upgrading Latchkey's tables at start-up. */
  public static class Schema {
    /**
     * Whether to create and upgrade Latchkey's tables at start-up: with Flyway (Latchkey's own
     * locations and history table) when the application uses Flyway, else with JdbcSchema. Turn
     * it off when the tables are managed elsewhere.
     */
    private boolean apply = true;

    /**
     * Flyway history table of Latchkey's migrations; defaults to the table prefix followed by
     * "flyway_history" (latchkey_flyway_history). The application's own history table is not
     * touched.
     */
    private String flywayTable;

    /** Whether the schema is applied at start-up. */
    public boolean isApply() {
      return apply;
    }

    /** Sets whether the schema is applied at start-up. */
    public void setApply(boolean apply) {
      this.apply = apply;
    }

    /** The Flyway history table, or {@code null} for the default. */
    public String getFlywayTable() {
      return flywayTable;
    }

    /** Sets the Flyway history table. */
    public void setFlywayTable(String flywayTable) {
      this.flywayTable = flywayTable;
    }
  }

  /** Latchkey's timers and counters on the application's Micrometer registry. */
  public static class Metrics {
    /**
     * Whether Latchkey reports its timers and counters (latchkey.session.validation,
     * latchkey.signin, latchkey.password.hash...) to the application's MeterRegistry; needs
     * latchkey-micrometer on the class path and a MeterRegistry bean (Actuator brings one).
     */
    private boolean enabled = true;

    /** Whether metrics are reported. */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets whether metrics are reported. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The web and Spring Security integration. */
  public static class Security {
    /** Realm of the WWW-Authenticate: Bearer challenges. */
    private String realm = "api";

    /**
     * Networks of the reverse proxies in front of the application (CIDR, e.g. 10.0.0.0/8): the
     * client address is then the right-most Forwarded / X-Forwarded-For hop they did not add, and
     * X-Forwarded-Proto counts only from them. Empty: forwarding headers are ignored.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /** SameSite attribute of the session cookie: lax or strict. */
    private SameSite sameSite = SameSite.LAX;

    /** The realm. */
    public String getRealm() {
      return realm;
    }

    /** Sets the realm. */
    public void setRealm(String realm) {
      this.realm = realm;
    }

    /** The trusted proxies' networks. */
    public List<String> getTrustedProxies() {
      return trustedProxies;
    }

    /** Sets the trusted proxies' networks. */
    public void setTrustedProxies(List<String> trustedProxies) {
      this.trustedProxies = trustedProxies;
    }

    /** The session cookie's SameSite. */
    public SameSite getSameSite() {
      return sameSite;
    }

    /** Sets the session cookie's SameSite. */
    public void setSameSite(SameSite sameSite) {
      this.sameSite = sameSite;
    }
  }

  /** The session cookie's {@code SameSite} attribute. */
  public enum SameSite {
    /** Sent on top-level navigations from other sites, not on their sub-requests or POSTs. */
    LAX,
    /** Never sent on requests another site starts. */
    STRICT
  }
}
