package dev.latchkey.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountsTest {
  private Accounts accounts;

  @BeforeEach
  void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:accounts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:15:30.123456Z"), ZoneOffset.UTC);
    accounts = new Accounts(ds, clock, new SecureRandom());
    accounts.createTable();
    accounts.createTable(); // idempotent
  }

  @Test
  void normalizeEmailTrimsAndLowerCases() {
    assertThat(Accounts.normalizeEmail("  Ada.Lovelace@Example.COM ")).hasValue(
        "ada.lovelace@example.com");
    assertThat(Accounts.normalizeEmail("a+tag@sub.example.co.uk")).hasValue(
        "a+tag@sub.example.co.uk");
  }

  @Test
  void normalizeEmailRejectsImplausibleAddresses() {
    for (String bad : new String[] {null, "", "plain", "@example.com", "a@", "a@b", "a@b@c.com",
        "a b@example.com", "a@example..com", "a@example.com.", "a@.example.com",
        "<a@example.com>", "x".repeat(65) + "@example.com",
        "a@" + "d".repeat(320) + ".com"}) {
      assertThat(Accounts.normalizeEmail(bad)).as(String.valueOf(bad)).isEmpty();
    }
  }

  @Test
  void createStoresTheAccountAndFindsItByEmailAndId() {
    Accounts.Account created = accounts.create("ada@example.com").orElseThrow();

    assertThat(created.id()).matches("acct_[0-9a-f]{32}");
    assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
    assertThat(accounts.findByEmail("ada@example.com")).hasValue(created);
    assertThat(accounts.findById(created.id())).hasValue(created);
    assertThat(accounts.findByEmail("bob@example.com")).isEmpty();
  }

  @Test
  void createWithATakenEmailThenEmpty() {
    accounts.create("ada@example.com").orElseThrow();

    assertThat(accounts.create("ada@example.com")).isEmpty();
  }

  @Test
  void idsAreRandomNotSequential() {
    String a = accounts.create("a@example.com").orElseThrow().id();
    String b = accounts.create("b@example.com").orElseThrow().id();

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void deleteRemovesTheRowAndFreesTheEmail() {
    Accounts.Account created = accounts.create("ada@example.com").orElseThrow();

    assertThat(accounts.delete(created.id())).isTrue();
    assertThat(accounts.delete(created.id())).isFalse();
    assertThat(accounts.create("ada@example.com")).isPresent();
  }

  @Test
  void verificationIsPerAccountAndAChangeOfEmailIsACompareAndSet() {
    Accounts.Account ada = accounts.create("ada@example.com", false).orElseThrow();
    Accounts.Account bob = accounts.create("bob@example.com").orElseThrow();
    assertThat(accounts.isVerified(ada.id())).isFalse();
    assertThat(accounts.isVerified(bob.id())).as("created without verification").isTrue();
    assertThat(accounts.isVerified("acct_unknown")).isFalse();

    assertThat(accounts.markVerified(ada.id(), "other@example.com")).as("not its address")
        .isFalse();
    assertThat(accounts.markVerified(ada.id(), "ada@example.com")).isTrue();
    assertThat(accounts.isVerified(ada.id())).isTrue();

    assertThat(accounts.changeEmail(ada.id(), "ada@example.com", "bob@example.com"))
        .isEqualTo(Accounts.EmailChange.TAKEN);
    assertThat(accounts.changeEmail(ada.id(), "stale@example.com", "new@example.com"))
        .isEqualTo(Accounts.EmailChange.STALE);
    assertThat(accounts.changeEmail(ada.id(), "ada@example.com", "new@example.com"))
        .isEqualTo(Accounts.EmailChange.CHANGED);
    assertThat(accounts.findById(ada.id()).orElseThrow().email()).isEqualTo("new@example.com");
  }

  /** The undo of an email change: by id, whatever the address is now; unverified holders yield. */
  @Test
  void restoreEmailIgnoresTheCurrentAddressAndFreesItFromAnUnverifiedHolderOnly() {
    Accounts.Account owner = accounts.create("owner@example.com").orElseThrow();
    assertThat(accounts.changeEmail(owner.id(), "owner@example.com", "second@example.com"))
        .isEqualTo(Accounts.EmailChange.CHANGED);
    Accounts.Account squatter = accounts.create("owner@example.com", false).orElseThrow();
    assertThat(accounts.restoreEmail(owner.id(), "owner@example.com"))
        .isEqualTo(Accounts.EmailChange.CHANGED);
    assertThat(accounts.findById(squatter.id())).isEmpty();
    assertThat(accounts.findByEmail("owner@example.com")).map(Accounts.Account::id)
        .contains(owner.id());
    Accounts.Account verified = accounts.create("taken@example.com").orElseThrow();
    assertThat(accounts.restoreEmail(owner.id(), "taken@example.com"))
        .isEqualTo(Accounts.EmailChange.TAKEN);
    assertThat(accounts.findById(verified.id())).isPresent();
    assertThat(accounts.restoreEmail("acct_unknown", "x@example.com"))
        .isEqualTo(Accounts.EmailChange.STALE);
  }

  /** A data directory from before email verification: the column is added, old rows verified. */
  @Test
  void createTableAddsTheVerifiedColumnToAnOldTableWithExistingRowsVerified() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:old-accounts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE TABLE demo_users (id VARCHAR(64) NOT NULL, email VARCHAR(320) NOT NULL,"
          + " created_at TIMESTAMP(3) NOT NULL, CONSTRAINT demo_users_pk PRIMARY KEY (id),"
          + " CONSTRAINT demo_users_email_uk UNIQUE (email))");
      st.execute("INSERT INTO demo_users VALUES ('acct_old', 'old@example.com',"
          + " TIMESTAMP '2025-01-01 00:00:00')");
    }
    Accounts upgraded = new Accounts(ds, Clock.systemUTC(), new SecureRandom());
    upgraded.createTable();
    upgraded.createTable();
    assertThat(upgraded.isVerified("acct_old")).isTrue();
    Accounts.Account fresh = upgraded.create("new@example.com", false).orElseThrow();
    assertThat(upgraded.isVerified(fresh.id())).isFalse();
  }
}
