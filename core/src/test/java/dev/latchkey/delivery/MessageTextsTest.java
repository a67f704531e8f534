package dev.latchkey.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.common.Secret;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessageTextsTest {
  private static Message message(MessagePurpose purpose, String code, Locale locale) {
    return Message.of(Channel.SMS, "+14155550123", purpose, Secret.of(code), locale);
  }

  @Test
  void everyPurposeHasAnEnglishTextWithTheCodeInTheBodyOnly() {
    MessageTexts texts = MessageTexts.english("Acme");
    for (MessagePurpose purpose : MessagePurpose.values()) {
      Message m = message(purpose, "271828", Locale.JAPANESE);
      assertThat(texts.body(m)).contains("271828", "Acme").doesNotContain("{");
      if (purpose == MessagePurpose.SIGN_IN_CODE || purpose == MessagePurpose.ENROLMENT_CODE
          || purpose == MessagePurpose.PASSWORD_RESET_CODE) {
        // Only codes have a lifetime in minutes; links and notices say nothing of it.
        assertThat(texts.body(m)).contains("10 minutes");
      }
      assertThat(texts.subject(m)).contains("Acme").doesNotContain("271828").doesNotContain("{");
    }
  }

  @Test
  void aLanguageFallsBackToEnglishPerPurpose() {
    MessageTexts texts = MessageTexts.builder("Acme").codeMinutes(5)
        .put(Locale.FRENCH, MessagePurpose.SIGN_IN_CODE, "Code {app}", "{code} : code {app}, {minutes} min")
        .build();
    assertThat(texts.body(message(MessagePurpose.SIGN_IN_CODE, "000001", Locale.CANADA_FRENCH)))
        .isEqualTo("000001 : code Acme, 5 min");
    assertThat(texts.body(message(MessagePurpose.ENROLMENT_CODE, "000001", Locale.FRENCH)))
        .startsWith("000001 is your Acme confirmation code. It expires in 5 minutes.");
  }

  @Test
  void aCodeThatLooksLikeAPlaceholderIsWrittenAsIs() {
    MessageTexts texts = MessageTexts.english("Acme");
    assertThat(texts.body(message(MessagePurpose.SIGN_IN_CODE, "{app}", Locale.ENGLISH)))
        .startsWith("{app} is your Acme sign-in code");
  }

  @Test
  void textsAreCheckedWhenPut() {
    MessageTexts.Builder b = MessageTexts.builder("Acme");
    assertThatThrownBy(() -> b.put(Locale.GERMAN, MessagePurpose.SIGN_IN_CODE, "s", "no code"))
        .hasMessageContaining("must contain {code}");
    assertThatThrownBy(() -> b.put(Locale.GERMAN, MessagePurpose.SIGN_IN_CODE, "{code}", "{code}"))
        .hasMessageContaining("one line without {code}");
    assertThatThrownBy(() -> b.put(Locale.GERMAN, MessagePurpose.SIGN_IN_CODE, "a\r\nBcc: x",
        "{code}")).hasMessageContaining("one line");
    assertThatThrownBy(() -> MessageTexts.builder(" ")).hasMessageContaining("Invalid appName");
    assertThatThrownBy(() -> b.codeMinutes(0)).hasMessageContaining("Invalid codeMinutes 0");
  }
}
