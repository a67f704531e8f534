package dev.latchkey.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceNamer;
import dev.latchkey.client.IpLocator;
import dev.latchkey.client.Location;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventListener;
import dev.latchkey.events.SecurityEventRecorder;
import dev.latchkey.events.SecurityEventType;
import dev.latchkey.spi.ApiKeyStore;
import dev.latchkey.spi.EventPosition;
import dev.latchkey.spi.SecurityEventRecord;
import dev.latchkey.spi.SecurityEventStore;
import dev.latchkey.spi.StoreException;
import dev.latchkey.store.inmemory.InMemoryStores;
import dev.latchkey.store.tck.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the service records through the {@link SecurityEventRecorder}, and its failure policy: a
 * throwing listener breaks nothing; a failing event store fails the call and the change stands.
 */
class ApiKeyEventsTest {
  private final MutableClock clock = MutableClock.atEpochOfTests();
  private final SecureRandom random = new SecureRandom();

  private ApiKeyService keys(ApiKeyStore store, SecurityEventListener listener) {
    return ApiKeyService.using(store, clock, random, ApiKeySettings.defaults(),
        SecurityEventRecorder.withoutHistory(listener, clock, random, DeviceNamer.userAgentParser(), IpLocator.none()));
  }

  @Test
  void recordsOneTypedEventPerStateChangeWithoutSecrets() {
    List<SecurityEvent> events = new ArrayList<>();
    ApiKeyService keys = keys(InMemoryStores.create().apiKeys(), events::add);
    CreatedApiKey a = keys.create("o", ApiKeySpec.builder().name("a").build());
    CreatedApiKey b = keys.create("o", ApiKeySpec.builder().name("b").build());
    keys.revoke("o", a.id());
    keys.revoke("o", a.id()); // no change, no event
    ApiKeyRotateResult.Rotated r =
        (ApiKeyRotateResult.Rotated) keys.rotate("o", b.id(), Duration.ZERO);
    keys.revokeLeaked(r.replacement().key().reveal());
    keys.create("o", ApiKeySpec.builder().name("c").build());
    keys.revokeAll("o");
    assertThat(events).extracting(SecurityEvent::type).containsExactly(
        SecurityEventType.API_KEY_CREATED, SecurityEventType.API_KEY_CREATED,
        SecurityEventType.API_KEY_REVOKED, SecurityEventType.API_KEY_ROTATED,
        SecurityEventType.API_KEY_REVOKED, SecurityEventType.API_KEY_CREATED,
        SecurityEventType.API_KEY_REVOKED);
    assertThat(events).allMatch(e -> e.accountId().equals("o"));
    assertThat(events.get(2).details()).isEqualTo(Map.of("key_id", a.id(), "key_name", "a"));
    assertThat(events.get(3).details()).isEqualTo(Map.of("key_id", b.id(), "key_name", "b",
        "replacement_id", r.replacement().id(), "grace_seconds", "0"));
    assertThat(events.get(4).details()).isEqualTo(
        Map.of("key_id", r.replacement().id(), "key_name", "b", "reason", "leaked"));
    assertThat(events.get(6).details()).isEqualTo(Map.of("scope", "all"));
    assertThat(events.toString()).doesNotContain(a.key().reveal());
  }

  @Test
  void aThrowingListenerNeverFailsAnOperation() {
    ApiKeyService keys = keys(InMemoryStores.create().apiKeys(), e -> {
      throw new IllegalStateException("listener bug");
    });
    CreatedApiKey k = keys.create("o", ApiKeySpec.builder().name("a").build());
    assertThat(keys.authenticate("Bearer " + k.key().reveal()).isAuthenticated()).isTrue();
    assertThat(keys.revoke("o", k.id())).isEqualTo(new ApiKeyRevokeResult.Revoked());
  }

  @Test
  void whenTheHistoryCannotBeWrittenTheCallFailsAndTheRevocationStands() {
    ApiKeyStore store = InMemoryStores.create().apiKeys();
    CreatedApiKey k = keys(store, SecurityEventListener.none())
        .create("o", ApiKeySpec.builder().name("a").build());
    List<SecurityEvent> heard = new ArrayList<>();
    ApiKeyService withoutTable = ApiKeyService.using(store, clock, random,
        ApiKeySettings.defaults(), SecurityEventRecorder.create(new UnwritableEventStore(),
            heard::add, clock, random, DeviceNamer.userAgentParser(), IpLocator.none()));
    assertThatThrownBy(() -> withoutTable.revoke("o", k.id()))
        .isInstanceOf(StoreException.class);
    // Never reversed: the key is refused, and a retry says so.
    assertThat(withoutTable.authenticate("Bearer " + k.key().reveal()).isAuthenticated())
        .isFalse();
    assertThat(withoutTable.revoke("o", k.id())).isEqualTo(new ApiKeyRevokeResult.AlreadyRevoked());
    assertThat(heard).isEmpty();
  }

  @Test
  void revokeResultsHaveStableCodes() {
    assertThat(List.of(new ApiKeyRevokeResult.Revoked(), new ApiKeyRevokeResult.NotFound(),
        new ApiKeyRevokeResult.AlreadyRevoked())).extracting(ApiKeyRevokeResult::code)
        .containsExactly("revoked", "not_found", "already_revoked");
    assertThat(new ApiKeyRevokeResult.Revoked().isRevoked()).isTrue();
    assertThat(new ApiKeyRevokeResult.AlreadyRevoked().isRevoked()).isFalse();
  }

  /** An event store whose table is missing: every call fails. */
  private static final class UnwritableEventStore implements SecurityEventStore {
    @Override
    public void append(SecurityEventRecord event) {
      throw new StoreException("event table missing");
    }

    @Override
    public List<SecurityEventRecord> page(String accountId, Set<String> types,
        EventPosition after, int limit) {
      throw new StoreException("event table missing");
    }

    @Override
    public boolean exists(String accountId, String type, Device device, Location location) {
      throw new StoreException("event table missing");
    }

    @Override
    public int purge(Instant before) {
      throw new StoreException("event table missing");
    }
  }
}
