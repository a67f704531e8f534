package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spi.contract.MutableClock;
import dev.latchkey.store.inmemory.InMemoryStores;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package-private event hook: what it reports, and that a failing sink breaks nothing. */
class ApiKeyEventSinkTest {
  private final MutableClock clock = MutableClock.atEpochOfTests();

  @Test
  void emitsOneEventPerStateChangeWithoutSecrets() {
    List<String> events = new ArrayList<>();
    ApiKeyService keys = ApiKeyService.create(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults(),
        (type, owner, id) -> events.add(type + " " + owner + " " + id));
    CreatedApiKey a = keys.create("o", ApiKeySpec.builder().name("a").build());
    CreatedApiKey b = keys.create("o", ApiKeySpec.builder().name("b").build());
    keys.revoke("o", a.id());
    keys.revoke("o", a.id()); // no change, no event
    ApiKeyRotation.Rotated r = (ApiKeyRotation.Rotated) keys.rotate("o", b.id(), Duration.ZERO);
    keys.revokeLeaked(r.replacement().key().reveal());
    keys.create("o", ApiKeySpec.builder().name("c").build());
    keys.revokeAll("o");
    assertThat(events).hasSize(7);
    assertThat(events).extracting(e -> e.split(" ")[0]).containsExactly(
        "api_key.created", "api_key.created", "api_key.revoked", "api_key.rotated",
        "api_key.leak_revoked", "api_key.created", "api_key.revoked_all");
    assertThat(events.get(3)).isEqualTo("api_key.rotated o " + b.id());
    assertThat(String.join("\n", events)).doesNotContain(a.key().reveal());
  }

  @Test
  void aThrowingSinkNeverFailsAnOperation() {
    ApiKeyService keys = ApiKeyService.create(InMemoryStores.create().apiKeys(), clock,
        new SecureRandom(), ApiKeySettings.defaults(), (type, owner, id) -> {
          throw new IllegalStateException("listener bug");
        });
    CreatedApiKey k = keys.create("o", ApiKeySpec.builder().name("a").build());
    assertThat(keys.authenticate("Bearer " + k.key().reveal()).isAuthenticated()).isTrue();
    assertThat(keys.revoke("o", k.id())).isEqualTo(ApiKeyRevocation.REVOKED);
  }
}
