package dev.latchkey.store.jdbc;

import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.AttemptStore;
import dev.latchkey.spi.ConnectedAccountStore;
import dev.latchkey.spi.CredentialStore;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.SessionStore;
import dev.latchkey.spi.Stores;
import dev.latchkey.spi.contract.ApiKeyStoreContract;
import dev.latchkey.spi.contract.AttemptStoreContract;
import dev.latchkey.spi.contract.BackupCodeStoreContract;
import dev.latchkey.spi.contract.ConnectedAccountStoreContract;
import dev.latchkey.spi.contract.CredentialStoreContract;
import dev.latchkey.spi.contract.SecurityEventStoreContract;
import dev.latchkey.spi.contract.SessionStoreContract;
import dev.latchkey.spi.contract.TotpStoreContract;
import net.jqwik.api.Group;
import org.junit.jupiter.api.Nested;

/** The JDBC stores on an in-memory H2 database. */
class H2StoresTest extends StoresOnDatabase {
  @Override
  TestDatabases.Db database() {
    return TestDatabases.Db.H2;
  }

  @Nested
  class Sessions extends SessionStoreContract {
    @Override
    protected SessionStore emptyStore() {
      return emptySessions();
    }
  }

  @Nested
  class Credentials extends CredentialStoreContract {
    @Override
    protected CredentialStore emptyStore() {
      return emptyCredentials();
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    @Override
    protected ApiKeyStore emptyStore() {
      return emptyApiKeys();
    }
  }

  @Nested
  class Totp extends TotpStoreContract {
    @Override
    protected Stores emptyStores() {
      return emptyTwoFactorStores();
    }
  }

  @Nested
  class BackupCodes extends BackupCodeStoreContract {
    @Override
    protected Stores emptyStores() {
      return emptyTwoFactorStores();
    }
  }

  @Nested
  class Attempts extends AttemptStoreContract {
    @Override
    protected AttemptStore emptyStore() {
      return emptyAttempts();
    }
  }

  @Nested
  class ConnectedAccounts extends ConnectedAccountStoreContract {
    @Override
    protected ConnectedAccountStore emptyStore() {
      return emptyConnectedAccounts();
    }
  }

  /** Also a jqwik group, so the contract's paging property runs here too. */
  @Nested
  @Group
  class SecurityEvents extends SecurityEventStoreContract {
    @Override
    protected SecurityEventStore emptyStore() {
      return emptySecurityEvents();
    }
  }
}
