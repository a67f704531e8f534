package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.client.ClientInfo;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.password.PasswordHashingSettings;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.inmemory.TwoFactorFixture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of the recovery links, over arbitrary input. */
class RecoveryProperties {
  private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "Firefox/128.0");
  private static final PasswordHashingSettings FAST =
      PasswordHashingSettings.builder().memoryKib(64).iterations(1).parallelism(1).build();

  private final DevOutbox outbox = DevOutbox.create(java.time.Clock.systemUTC());
  private final TwoFactorFixture f = TwoFactorFixture.create(b -> b
      .stores(InMemoryStores.create()).passwordHashing(FAST).messageSender(outbox)
      .recoverySettings(PasswordResetsTest.SETTINGS));

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "0123456789-_").ofLength(43),
        Arbitraries.just(null));
  }

  /** Any string that is not a live link is a typed rejection from every flow, never an exception. */
  @Property(tries = 200)
  void anyOtherStringIsATypedRejection(@ForAll("junk") String token) {
    assertThat(f.latchkey.passwordResets().complete(token, "Battery-staple-42", null, null,
        CLIENT)).isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.latchkey.passwordResets().inspect(token)).isEmpty();
    assertThat(f.latchkey.emailVerification().verify(token, CLIENT))
        .isEqualTo(new EmailVerifyResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.latchkey.emailVerification().confirmChange(token, CLIENT, null))
        .isEqualTo(new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.latchkey.emailVerification().undoChange(token, CLIENT))
        .isEqualTo(new EmailChangeResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    assertThat(f.latchkey.emailVerification().pendingChange(token)).isEmpty();
  }

  /**
   * A verification link works exactly once, whatever number of tries, and the link of one
   * purpose never works for another.
   */
  @Property(tries = 30)
  void aLinkWorksAtMostOnceAndOnlyForItsPurpose(@ForAll("tries") int tries) {
    String account = "acct-" + System.nanoTime();
    String address = account + "@example.com";
    assertThat(f.latchkey.emailVerification().sendVerification(account, address,
        new ClientInfo("198.51.100." + (tries % 250), "x"), null))
        .isInstanceOf(VerificationSendResult.Sent.class);
    String link = outbox.latestTo(address).orElseThrow().message().content().reveal();
    String token = link.substring(link.indexOf("token=") + 6);
    assertThat(f.latchkey.passwordResets().complete(token, "Battery-staple-42", null, null,
        CLIENT)).isEqualTo(new PasswordResetResult.InvalidLink(LinkRejection.INVALID_TOKEN));
    int verified = 0;
    for (int i = 0; i < tries; i++) {
      if (f.latchkey.emailVerification().verify(token, CLIENT)
          instanceof EmailVerifyResult.Verified v) {
        assertThat(v.accountId()).isEqualTo(account);
        assertThat(v.email()).isEqualTo(address);
        verified++;
      }
    }
    assertThat(verified).isEqualTo(1);
  }

  @Provide
  Arbitrary<Integer> tries() {
    return Arbitraries.integers().between(1, 6);
  }
}
