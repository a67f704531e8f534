package dev.latchkey.store.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.KeyRing;
import dev.latchkey.Latchkey;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class LatchkeyTwoFactorWiringTest {
  private static final KeyRing RING = KeyRing.generate(new SecureRandom(), "k1");

  @Test
  void withoutKeyRingAndSettingsTwoFactorIsOffAndSaysWhatIsMissing() {
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).build();
    assertThat(latchkey.sessions()).isNotNull();
    assertThatThrownBy(latchkey::totp).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("keyRing(...)").hasMessageContaining("totpSettings(...)");
    assertThatThrownBy(latchkey::backupCodes).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void halfConfiguredTwoFactorFailsAtBuild() {
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create()).keyRing(RING)
        .build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no TOTP settings");
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create())
        .totpSettings(TotpSettings.withIssuer("X")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no key ring");
  }

  @Test
  void aStoresBundleWithoutTwoFactorStoresStillBuildsButNotWithTwoFactorOn() {
    InMemoryStores all = InMemoryStores.create();
    Stores old = new Stores() {
      @Override
      public SessionStore sessions() {
        return all.sessions();
      }

      @Override
      public CredentialStore credentials() {
        return all.credentials();
      }

      @Override
      public dev.latchkey.spi.ApiKeyStore apiKeys() {
        return all.apiKeys();
      }
    };
    assertThat(Latchkey.builder().stores(old).attemptStore(all.attempts()).build()).isNotNull();
    assertThatThrownBy(() -> Latchkey.builder().stores(old).attemptStore(all.attempts()).keyRing(RING)
        .totpSettings(TotpSettings.withIssuer("X")).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("No TOTP store");
    assertThatThrownBy(() -> Latchkey.builder().stores(old).attemptStore(all.attempts())
        .totpStore(all.totp()).backupCodeStore(all.backupCodes()).keyRing(RING)
        .totpSettings(TotpSettings.withIssuer("X")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No sign-in challenge store");
    Latchkey mixed = Latchkey.builder().stores(old).attemptStore(all.attempts()).totpStore(all.totp())
        .backupCodeStore(all.backupCodes()).challengeStore(all.challenges()).keyRing(RING)
        .totpSettings(TotpSettings.withIssuer("X")).build();
    assertThat(mixed.totp().isEnabled("a")).isFalse();
  }

  @Test
  void fullyConfiguredTwoFactorSharesTheStoresSettingsAndClock() {
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).keyRing(RING)
        .totpSettings(TotpSettings.withIssuer("Latchkey Demo")).build();
    assertThat(latchkey.totp().settings().issuer()).isEqualTo("Latchkey Demo");
    assertThat(latchkey.backupCodes().settings().count()).isEqualTo(10);
    assertThat(latchkey.backupCodes().remaining("a")).isZero();
  }
}
