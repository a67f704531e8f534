package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DeliveryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);

  private static Message sms(String code) {
    return Message.of(Channel.SMS, "+14155550123", MessagePurpose.SIGN_IN_CODE, Secret.of(code),
        Locale.ENGLISH);
  }

  @Test
  void aMessageNeverPrintsItsContentAndMasksItsDestination() {
    Message m = sms("493817");
    assertThat(m.toString()).doesNotContain("493817").doesNotContain("5550123")
        .contains("sms", "sign_in_code", "+14\u2022");
    assertThat(m.content().reveal()).isEqualTo("493817");
  }

  @Test
  void aMessageRefusesADestinationThatDoesNotFitItsChannel() {
    assertThatThrownBy(() -> Message.of(Channel.SMS, "0415 555 0123", MessagePurpose.SIGN_IN_CODE,
        Secret.of("1"), Locale.ENGLISH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("0415");
    assertThatThrownBy(() -> Message.of(Channel.EMAIL, "A@Example.com",
        MessagePurpose.SIGN_IN_CODE, Secret.of("1"), Locale.ENGLISH))
        .as("not canonical: the domain must be lower case").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGuardedSenderTurnsAnExceptionOrNullIntoATypedRefusal() {
    MessageSender throwing = m -> {
      throw new IllegalStateException("provider said no to code " + m.content().reveal());
    };
    assertThat(MessageSender.guarded(throwing).deliver(sms("111222")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.SENDER_FAILED));
    assertThat(MessageSender.guarded(m -> null).deliver(sms("111222")))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.SENDER_FAILED));
    MessageSender g = MessageSender.guarded(throwing);
    assertThat(MessageSender.guarded(g)).isSameAs(g);
  }

  @Test
  void theLoggedCopyOfAnExceptionKeepsTheStackButNoMessage() {
    IllegalStateException cause = new IllegalStateException("code 777888 in the cause");
    RuntimeException e = new RuntimeException("code 777888", cause);
    Throwable logged = GuardedSender.withoutMessage(e);
    assertThat(logged.getMessage()).doesNotContain("777888").contains("RuntimeException");
    assertThat(logged.getCause().getMessage()).doesNotContain("777888")
        .contains("IllegalStateException");
    assertThat(logged.getStackTrace()).isEqualTo(e.getStackTrace());
  }

  @Test
  void byChannelRoutesEachChannelAndRefusesAMissingOne() {
    DevOutbox smsBox = DevOutbox.create(CLOCK);
    MessageSender onlySms = MessageSender.byChannel(smsBox, null);
    assertThat(onlySms.deliver(sms("123456")).accepted()).isTrue();
    assertThat(onlySms.deliver(Message.of(Channel.EMAIL, "a@example.com",
        MessagePurpose.ENROLMENT_CODE, Secret.of("1"), Locale.ENGLISH)))
        .isEqualTo(new DeliveryResult.Refused(DeliveryResult.Refused.REJECTED));
    assertThat(smsBox.messages()).hasSize(1);
    assertThatThrownBy(() -> MessageSender.byChannel(null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDevOutboxKeepsTheNewestMessagesNewestFirst() {
    DevOutbox box = DevOutbox.create(CLOCK, 2);
    assertThat(box.deliver(sms("000001"))).isEqualTo(new DeliveryResult.Accepted("dev-1"));
    box.deliver(sms("000002"));
    box.deliver(Message.of(Channel.EMAIL, "a@example.com", MessagePurpose.ENROLMENT_CODE,
        Secret.of("000003"), Locale.GERMAN));
    assertThat(box.messages()).extracting(d -> d.message().content().reveal())
        .containsExactly("000003", "000002");
    assertThat(box.latestTo("+14155550123").orElseThrow().sequence()).isEqualTo(2);
    assertThat(box.latestTo("+14155550199")).isEmpty();
    assertThat(box.messages().get(0).at()).isEqualTo(CLOCK.instant());
    assertThat(box.messages().get(0).toString()).doesNotContain("000003");
    box.clear();
    assertThat(box.messages()).isEmpty();
    assertThatThrownBy(() -> DevOutbox.create(CLOCK, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusalCodesAreChecked() {
    assertThat(new DeliveryResult.Refused("twilio_21211").accepted()).isFalse();
    assertThatThrownBy(() -> new DeliveryResult.Refused("Bad Code"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeliveryResult.Refused(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destinationsAreCheckedStrictly() {
    assertThat(Destinations.isE164("+442079460018")).isTrue();
    assertThat(Destinations.isE164("+6831234")).as("7 digits").isTrue();
    assertThat(Destinations.isE164("+683123")).isFalse();
    assertThat(Destinations.isE164("+1234567890123456")).as("16 digits").isFalse();
    assertThat(Destinations.isE164("14155550123")).isFalse();
    assertThat(Destinations.isE164("+0415550123")).isFalse();
    assertThat(Destinations.isE164(null)).isFalse();
    assertThat(Destinations.normalizeEmail("  Alice.Smith+tag@Example.COM "))
        .contains("Alice.Smith+tag@example.com");
    assertThat(Destinations.normalizeEmail("a@localhost")).isEmpty();
    assertThat(Destinations.normalizeEmail("a@b@c.com")).isEmpty();
    assertThat(Destinations.normalizeEmail(".a@b.com")).isEmpty();
    assertThat(Destinations.normalizeEmail("a@b.123")).isEmpty();
    assertThat(Destinations.normalizeEmail("a@-b.com")).isEmpty();
    assertThat(Destinations.normalizeEmail("j\u00f6rg@example.com")).isEmpty();
    assertThat(Destinations.normalizeEmail("l".repeat(65) + "@example.com")).isEmpty();
    assertThat(Destinations.mask(Channel.SMS, "+442079460018")).isEqualTo("+44\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u202218");
    assertThat(Destinations.mask(Channel.EMAIL, "alice@example.com"))
        .isEqualTo("a\u2022\u2022\u2022@example.com");
  }
}
