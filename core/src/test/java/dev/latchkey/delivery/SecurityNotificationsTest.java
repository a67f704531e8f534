package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.latchkey.client.AddressScope;
import dev.latchkey.client.Device;
import dev.latchkey.client.DeviceType;
import dev.latchkey.client.Location;
import dev.latchkey.events.SecurityEvent;
import dev.latchkey.events.SecurityEventType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SecurityNotificationsTest {
  private static final Instant AT = Instant.parse("2026-03-01T09:15:30Z");
  private static final MessageTexts TEXTS = MessageTexts.english("Acme");

  private final DevOutbox outbox = DevOutbox.create(Clock.fixed(AT, ZoneOffset.UTC));

  private SecurityNotifications.Builder notifications() {
    return SecurityNotifications.builder().sender(outbox)
        .contacts(id -> id.equals("acct-1") ? Optional.of("Owner@Example.COM") : Optional.empty());
  }

  private static SecurityEvent event(SecurityEventType type, boolean suspicious,
      Map<String, String> details) {
    return new SecurityEvent("0123456789abcdef0123456789abcdef", type, "acct-1", AT,
        "203.0.113.7", new Device("Firefox", 128, "Linux", DeviceType.DESKTOP),
        new Location("Berlin", "Berlin", "DE", AddressScope.PUBLIC), "s1", suspicious, details);
  }

  /** One event per notice, with the facts each one should show. */
  private static final Map<SecurityNotice, SecurityEvent> EVENTS = Map.of(
      SecurityNotice.NEW_SIGN_IN, event(SecurityEventType.SIGN_IN_SUCCEEDED, true,
          Map.of("method", "totp")),
      SecurityNotice.PASSWORD_CHANGED, event(SecurityEventType.PASSWORD_CHANGED, false,
          Map.of("other_sessions_ended", "2")),
      SecurityNotice.PASSWORD_RESET, event(SecurityEventType.PASSWORD_RESET, false,
          Map.of("other_sessions_ended", "3")),
      SecurityNotice.TWO_FACTOR_DISABLED, event(SecurityEventType.TOTP_DISABLED, false,
          Map.of("method", "totp")),
      SecurityNotice.BACKUP_CODE_USED, event(SecurityEventType.BACKUP_CODE_USED, false,
          Map.of("remaining", "7")),
      SecurityNotice.API_KEY_CREATED, event(SecurityEventType.API_KEY_CREATED, false,
          Map.of("key_id", "k1", "key_name", "Deploy bot", "permission", "read_write")));

  private String onlyBody() {
    List<DevOutbox.Delivered> sent = outbox.messages();
    assertThat(sent).hasSize(1);
    Message m = sent.get(0).message();
    assertThat(m.channel()).isEqualTo(Channel.EMAIL);
    assertThat(m.destination()).isEqualTo("Owner@example.com");
    return TEXTS.body(m);
  }

  @Test
  void everyNoticeIsOnByDefaultAndSaysWhenWhereAndWhat() {
    SecurityNotifications n = notifications().build();
    assertThat(n.enabled()).containsExactlyInAnyOrder(SecurityNotice.values());
    for (SecurityNotice notice : SecurityNotice.values()) {
      outbox.clear();
      n.onEvent(EVENTS.get(notice));
      String body = onlyBody();
      assertThat(outbox.messages().get(0).message().purpose()).isEqualTo(notice.purpose());
      assertThat(body).as(notice.code()).contains("When: 2026-03-01 09:15 UTC",
          "Device: Firefox on Linux", "Location: Berlin, DE", "IP address: 203.0.113.7");
    }
  }

  @Test
  void eachNoticeCarriesItsOwnFacts() {
    SecurityNotifications n = notifications().build();
    n.onEvent(EVENTS.get(SecurityNotice.NEW_SIGN_IN));
    assertThat(onlyBody()).contains("not been used from before", "Signed in with: authenticator app");
    outbox.clear();
    n.onEvent(EVENTS.get(SecurityNotice.BACKUP_CODE_USED));
    assertThat(onlyBody()).contains("Backup codes left: 7");
    outbox.clear();
    n.onEvent(EVENTS.get(SecurityNotice.API_KEY_CREATED));
    assertThat(onlyBody()).contains("Key name: Deploy bot", "Permission: read_write")
        .doesNotContain("k1");
    outbox.clear();
    n.onEvent(EVENTS.get(SecurityNotice.TWO_FACTOR_DISABLED));
    assertThat(onlyBody()).contains("Turned off: authenticator app");
    outbox.clear();
    n.onEvent(event(SecurityEventType.CODE_FACTOR_REMOVED, false, Map.of("channel", "sms")));
    assertThat(onlyBody()).contains("Turned off: sign-in codes by SMS");
    outbox.clear();
    n.onEvent(EVENTS.get(SecurityNotice.PASSWORD_RESET));
    assertThat(onlyBody()).contains("was reset, and every session was signed out");
    outbox.clear();
    n.onEvent(event(SecurityEventType.PASSWORD_SET, false, Map.of()));
    assertThat(onlyBody()).contains("Change: a password was added");
  }

  @Test
  void eachNoticeCanBeSwitchedOffAlone() {
    for (SecurityNotice off : SecurityNotice.values()) {
      SecurityNotifications n = notifications().disable(off).build();
      assertThat(n.enabled()).doesNotContain(off).hasSize(SecurityNotice.values().length - 1);
      for (SecurityNotice notice : SecurityNotice.values()) {
        outbox.clear();
        n.onEvent(EVENTS.get(notice));
        assertThat(outbox.messages()).as(off + " off, " + notice).hasSize(notice == off ? 0 : 1);
      }
    }
    SecurityNotifications back = notifications().disable(SecurityNotice.values())
        .enable(SecurityNotice.BACKUP_CODE_USED).build();
    assertThat(back.enabled()).isEqualTo(EnumSet.of(SecurityNotice.BACKUP_CODE_USED));
  }

  @Test
  void aKnownDeviceSignInAndOtherEventsSendNothing() {
    SecurityNotifications n = notifications().build();
    n.onEvent(event(SecurityEventType.SIGN_IN_SUCCEEDED, false, Map.of("method", "password")));
    n.onEvent(event(SecurityEventType.TOTP_ENABLED, false, Map.of()));
    n.onEvent(event(SecurityEventType.SIGN_IN_FAILED, false, Map.of("factor", "password")));
    assertThat(outbox.messages()).isEmpty();
  }

  @Test
  void anAccountWithoutAnAddressGetsNothing() {
    SecurityNotifications n = SecurityNotifications.builder().sender(outbox)
        .contacts(id -> Optional.of("not an address")).build();
    n.onEvent(EVENTS.get(SecurityNotice.PASSWORD_CHANGED));
    SecurityNotifications none = SecurityNotifications.builder().sender(outbox)
        .contacts(id -> Optional.empty()).build();
    none.onEvent(EVENTS.get(SecurityNotice.PASSWORD_CHANGED));
    assertThat(outbox.messages()).isEmpty();
  }

  @Test
  void aFailingSenderOrContactLookUpNeverThrows() {
    AtomicInteger calls = new AtomicInteger();
    SecurityNotifications throwingSender = SecurityNotifications.builder()
        .sender(m -> {
          calls.incrementAndGet();
          throw new IllegalStateException("SMTP down");
        })
        .contacts(id -> Optional.of("a@example.com")).build();
    assertThatCode(() -> throwingSender.onEvent(EVENTS.get(SecurityNotice.PASSWORD_CHANGED)))
        .doesNotThrowAnyException();
    assertThat(calls).hasValue(1);
    SecurityNotifications throwingContacts = SecurityNotifications.builder().sender(outbox)
        .contacts(id -> {
          throw new IllegalStateException("users table down");
        }).build();
    assertThatCode(() -> throwingContacts.onEvent(EVENTS.get(SecurityNotice.PASSWORD_CHANGED)))
        .doesNotThrowAnyException();
    assertThat(outbox.messages()).isEmpty();
  }

  @Test
  void outsideTextIsOneShortPlainLine() {
    SecurityNotifications n = notifications().build();
    n.onEvent(event(SecurityEventType.API_KEY_CREATED, false, Map.of("key_id", "k1",
        "key_name", "bot\r\nPermission: admin\u202Eevil", "permission", "read_only")));
    String body = onlyBody();
    assertThat(body).contains("Key name: bot Permission: admin evil\n", "Permission: read_only")
        .doesNotContain("\r").doesNotContain("\u202E");
    assertThat(SecurityNotifications.plain("x".repeat(500)))
        .hasSize(SecurityNotifications.MAX_FACT_LENGTH).endsWith("\u2026");
    assertThat(SecurityNotifications.plain("  a \t\n b  ")).isEqualTo("a b");
    assertThat(SecurityNotifications.plain(null)).isEmpty();
  }

  @Test
  void aNoticeHoldsNoSecretAndToStringShowsNone() {
    SecurityNotifications n = notifications().build();
    n.onEvent(EVENTS.get(SecurityNotice.API_KEY_CREATED));
    Message m = outbox.messages().get(0).message();
    assertThat(m.purpose().isNotice()).isTrue();
    assertThat(m.toString()).doesNotContain("Deploy bot");
    assertThat(MessagePurpose.SIGN_IN_CODE.isNotice()).isFalse();
  }
}
