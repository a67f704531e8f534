package dev.latchkey.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.Location;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardedListenerTest {
  private static final SecurityEvent EVENT = event(SecurityEventType.TOTP_ENABLED, Map.of());

  private static SecurityEvent event(SecurityEventType type, Map<String, String> details) {
    return new SecurityEvent("0123456789abcdef0123456789abcdef", type, "acct-1",
        Instant.parse("2026-01-01T00:00:00Z"), "", Device.none(), Location.of(AddressScope.NONE),
        null, false, details);
  }

  @Test
  void aThrowingListenerIsSwallowed() {
    SecurityEventListener guarded = GuardedListener.guard(e -> {
      throw new IllegalStateException("listener bug");
    });
    assertThatCode(() -> guarded.onEvent(EVENT)).doesNotThrowAnyException();
  }

  @Test
  void eventsReachTheDelegateAndGuardingTwiceWrapsOnce() {
    List<SecurityEvent> seen = new ArrayList<>();
    SecurityEventListener guarded = GuardedListener.guard(seen::add);
    assertThat(GuardedListener.guard(guarded)).isSameAs(guarded);
    guarded.onEvent(EVENT);
    assertThat(seen).containsExactly(EVENT);
  }

  @Test
  void eventDetailsAreCopiedAndUnmodifiable() {
    Map<String, String> details = new HashMap<>(Map.of("remaining", "3"));
    SecurityEvent e = event(SecurityEventType.BACKUP_CODE_USED, details);
    details.put("remaining", "2");
    assertThat(e.details()).containsExactly(Map.entry("remaining", "3"));
    assertThat(SecurityEventType.BACKUP_CODE_USED.code()).isEqualTo("backup_code.used");
  }
}
