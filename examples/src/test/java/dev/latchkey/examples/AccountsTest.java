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
}
