package dev.latchkey.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.common.KeyRing;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.internal.Hashing;
import dev.latchkey.spi.BackupCodeRecord;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackupCodesTest {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Mozilla/5.0");
  private final TwoFactorFixture f = TwoFactorFixture.create();

  private static final BackupCodeVerification MALFORMED =
      new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.MALFORMED);
  private static final BackupCodeVerification INVALID =
      new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.INVALID);
  private static final BackupCodeVerification NOT_ENROLLED =
      new BackupCodeVerification.Rejected(BackupCodeVerification.Reason.NOT_ENROLLED);

  @Test
  void everyCodeWorksOnceAndTheCountGoesDown() {
    // Ten spent codes in a row are ten wrong guesses: allow them, this is about the codes.
    TwoFactorFixture f = TwoFactorFixture.create(TwoFactorFixture::manyAttempts);
    List<String> codes = f.enable("alice").backupCodes().codes();
    for (int i = 0; i < codes.size(); i++) {
      BackupCodeVerification v = f.backupCodes().consume("alice", codes.get(i), CLIENT);
      assertThat(v).isInstanceOf(BackupCodeVerification.Consumed.class);
      BackupCodeVerification.Consumed c = (BackupCodeVerification.Consumed) v;
      assertThat(c.remaining()).isEqualTo(9 - i);
      assertThat(c.accountId()).isEqualTo("alice");
      assertThat(c.low()).isEqualTo(9 - i <= 3);
      assertThat(f.backupCodes().remaining("alice")).isEqualTo(9 - i);
    }
    for (String code : codes) {
      assertThat(f.backupCodes().consume("alice", code, CLIENT)).isEqualTo(INVALID);
    }
  }

  @Test
  void codesAreAcceptedInAnyCaseWithOrWithoutSeparators() {
    List<String> codes = f.enable("alice").backupCodes().codes();
    assertThat(f.backupCodes().consume("alice", codes.get(0).toUpperCase(), CLIENT).isConsumed())
        .isTrue();
    assertThat(f.backupCodes().consume("alice", codes.get(1).replace("-", ""), CLIENT).isConsumed())
        .isTrue();
    assertThat(f.backupCodes().consume("alice", codes.get(2).replace("-", " "), CLIENT)
        .isConsumed()).isTrue();
    assertThat(f.backupCodes().consume("alice", " " + codes.get(3) + " ", CLIENT).isConsumed())
        .isTrue();
  }

  @Test
  void rejectionsAreTyped() {
    assertThat(f.backupCodes().consume("nobody", "aaaa-bbbb-cccc-dddd", CLIENT))
        .isEqualTo(NOT_ENROLLED);
    f.begin("pending");
    assertThat(f.backupCodes().consume("pending", "aaaa-bbbb-cccc-dddd", CLIENT))
        .isEqualTo(NOT_ENROLLED);
    f.enable("alice");
    assertThat(f.backupCodes().consume("alice", "aaaa-bbbb-cccc-dddd", CLIENT)).isEqualTo(INVALID);
    for (String bad : new String[] {null, "", "123456", "aaaa-bbbb-cccc-ddd0",
        "x".repeat(1_000_000), "ａａａａ-bbbb-cccc-dddd", "aaaa-bbbb-cccc-dddd-e"}) {
      assertThat(f.backupCodes().consume("alice", bad, CLIENT)).isEqualTo(MALFORMED);
    }
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    assertThat(BackupCodeVerification.Reason.NOT_ENROLLED.code()).isEqualTo("not_enrolled");
  }

  @Test
  void aCodeOfOneAccountDoesNotWorkForAnother() {
    List<String> alice = f.enable("alice").backupCodes().codes();
    f.enable("bob");
    assertThat(f.backupCodes().consume("bob", alice.get(0), CLIENT)).isEqualTo(INVALID);
    assertThat(f.backupCodes().consume("alice", alice.get(0), CLIENT).isConsumed()).isTrue();
  }

  @Test
  void onlyKeyedHashesAreStored() {
    List<String> codes = f.enable("alice").backupCodes().codes();
    List<BackupCodeRecord> rows = f.stores.backupCodes().list("alice");
    assertThat(rows).hasSize(10).allSatisfy(r -> {
      assertThat(r.codeHash()).matches("[0-9a-f]{64}");
      assertThat(r.keyId()).isEqualTo("k1");
      assertThat(r.usedAt()).isNull();
      assertThat(r.toString()).doesNotContain(r.codeHash());
    });
    for (String code : codes) {
      String plainHash = Hashing.sha256Hex(code.replace("-", ""));
      assertThat(rows).noneMatch(r -> r.codeHash().equals(plainHash)
          || r.codeHash().contains(code.replace("-", "")));
    }
  }

  @Test
  void regenerateReplacesTheWholeSetAndReportsIt() {
    // Ten old codes in a row are ten wrong guesses: allow them, this is about the codes.
    TwoFactorFixture f = TwoFactorFixture.create(TwoFactorFixture::manyAttempts);
    List<String> old = f.enable("alice").backupCodes().codes();
    f.backupCodes().consume("alice", old.get(0), CLIENT);
    RegenerateResult r = f.backupCodes().regenerate("alice");
    assertThat(r).isInstanceOf(RegenerateResult.Regenerated.class);
    List<String> fresh = ((RegenerateResult.Regenerated) r).codes().codes();
    assertThat(fresh).hasSize(10).doesNotContainAnyElementsOf(old);
    assertThat(r.toString()).doesNotContain(fresh.get(0));
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(10);
    for (String code : old) {
      assertThat(f.backupCodes().consume("alice", code, CLIENT)).isEqualTo(INVALID);
    }
    assertThat(f.backupCodes().consume("alice", fresh.get(9), CLIENT).isConsumed()).isTrue();
    assertThat(f.events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.TOTP_ENABLED, SecurityEventType.BACKUP_CODE_USED,
        SecurityEventType.BACKUP_CODES_REGENERATED, SecurityEventType.BACKUP_CODE_USED);
    assertThat(f.events.get(1).details()).isEqualTo(Map.of("remaining", "9"));
    assertThat(f.events.get(2).details()).isEqualTo(Map.of("count", "10", "other_sessions_ended", "0"));
  }

  @Test
  void regenerateWhenTwoFactorIsNotActiveIsRefused() {
    assertThat(f.backupCodes().regenerate("nobody")).isEqualTo(new RegenerateResult.NotEnabled());
    f.begin("pending");
    assertThat(f.backupCodes().regenerate("pending")).isEqualTo(new RegenerateResult.NotEnabled());
    assertThat(f.stores.backupCodes().list("pending")).isEmpty();
    assertThat(new RegenerateResult.NotEnabled().code()).isEqualTo("not_enrolled");
    assertThat(f.events).isEmpty();
  }

  @Test
  void theSetSizeIsConfigurable() {
    for (int n : new int[] {5, 20}) {
      TwoFactorFixture g = TwoFactorFixture.create(KeyRing.generate(new SecureRandom(), "k1"),
          TotpSettings.withIssuer("X"), BackupCodeSettings.builder().count(n).build());
      assertThat(g.enable("alice").backupCodes().codes()).hasSize(n);
      assertThat(((RegenerateResult.Regenerated) g.backupCodes().regenerate("alice")).codes()
          .size()).isEqualTo(n);
    }
  }

  @Test
  void sixtyFourSimultaneousUsesOfOneCodeSucceedOnce() throws Exception {
    String code = f.enable("alice").backupCodes().codes().get(0);
    List<BackupCodeVerification> results =
        race(64, () -> f.backupCodes().consume("alice", code, CLIENT));
    assertThat(results).filteredOn(BackupCodeVerification::isConsumed).hasSize(1);
    // The losers were either checked (the code was spent) or refused unchecked by the limit.
    assertThat(results).filteredOn(v -> !v.isConsumed()).hasSize(63).allSatisfy(v ->
        assertThat(v.equals(INVALID) || v instanceof BackupCodeVerification.Locked).isTrue());
    assertThat(f.backupCodes().remaining("alice")).isEqualTo(9);
  }

  @Test
  void prepareStoresNothing() {
    f.enable("alice");
    List<BackupCodeRecord> before = f.stores.backupCodes().list("alice");
    BackupCodes.Prepared p = f.backupCodes().prepare("alice");
    assertThat(p.records()).hasSize(10).allMatch(r -> r.accountId().equals("alice"));
    assertThat(p.codes().size()).isEqualTo(10);
    assertThat(p.toString()).doesNotContain(p.codes().codes().get(0));
    assertThat(f.stores.backupCodes().list("alice")).isEqualTo(before);
  }

  static <T> List<T> race(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return task.call();
        }));
      }
      ready.await(30, TimeUnit.SECONDS);
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> fu : futures) {
        out.add(fu.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
