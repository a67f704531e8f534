package dev.latchkey.recovery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.Latchkey;
import dev.latchkey.common.KeyRing;
import dev.latchkey.delivery.DevOutbox;
import dev.latchkey.spi.Stores;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.totp.TotpSettings;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What Latchkey's builder asks for before it turns recovery on. */
class RecoveryWiringTest {

  @Test
  void recoverySettingsWithoutASenderOrATokenStoreFailInBuild() {
    assertThatThrownBy(() -> Latchkey.builder().stores(InMemoryStores.create())
        .recoverySettings(PasswordResetsTest.SETTINGS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("messageSender");
    Stores withoutTokens = new Stores() {
      private final InMemoryStores all = InMemoryStores.create();

      @Override
      public dev.latchkey.spi.SessionStore sessions() {
        return all.sessions();
      }

      @Override
      public dev.latchkey.spi.CredentialStore credentials() {
        return all.credentials();
      }

      @Override
      public dev.latchkey.spi.ApiKeyStore apiKeys() {
        return all.apiKeys();
      }
    };
    assertThatThrownBy(() -> Latchkey.builder().stores(withoutTokens)
        .attemptStore(InMemoryStores.create().attempts())
        .messageSender(DevOutbox.create(Clock.systemUTC()))
        .oneTimeCodeStore(InMemoryStores.create().oneTimeCodes())
        .keyRing(KeyRing.generate(new SecureRandom(), "k1"))
        .totpSettings(TotpSettings.withIssuer("Acme"))
        .totpStore(InMemoryStores.create().totp())
        .backupCodeStore(InMemoryStores.create().backupCodes())
        .challengeStore(InMemoryStores.create().challenges())
        .recoverySettings(PasswordResetsTest.SETTINGS).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("account token store");
  }

  @Test
  void withoutRecoverySettingsTheServicesSayWhatIsMissing() {
    Latchkey latchkey = Latchkey.builder().stores(InMemoryStores.create()).build();
    assertThatThrownBy(latchkey::passwordResets).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recoverySettings");
    assertThatThrownBy(latchkey::emailVerification).isInstanceOf(IllegalStateException.class);
  }
}
