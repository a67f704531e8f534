package dev.latchkey.password;

import static dev.latchkey.password.PasswordViolation.Code.COMMON_PASSWORD;
import static dev.latchkey.password.PasswordViolation.Code.CONTAINS_CONTEXT_WORD;
import static dev.latchkey.password.PasswordViolation.Code.ILLEGAL_CHARACTER;
import static dev.latchkey.password.PasswordViolation.Code.MISSING_DIGIT;
import static dev.latchkey.password.PasswordViolation.Code.MISSING_LOWERCASE;
import static dev.latchkey.password.PasswordViolation.Code.MISSING_SPECIAL;
import static dev.latchkey.password.PasswordViolation.Code.MISSING_UPPERCASE;
import static dev.latchkey.password.PasswordViolation.Code.SAME_AS_CURRENT;
import static dev.latchkey.password.PasswordViolation.Code.TOO_LONG;
import static dev.latchkey.password.PasswordViolation.Code.TOO_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordMessagesTest {

  private final PasswordMessages english = PasswordMessages.english();

  /** One violation per code, with the parameters the policy gives it. */
  static final Map<PasswordViolation.Code, PasswordViolation> SAMPLES = samples();

  private static Map<PasswordViolation.Code, PasswordViolation> samples() {
    Map<PasswordViolation.Code, PasswordViolation> m = new EnumMap<>(PasswordViolation.Code.class);
    m.put(ILLEGAL_CHARACTER, PasswordViolation.of(ILLEGAL_CHARACTER));
    m.put(
        TOO_SHORT,
        new PasswordViolation(
            TOO_SHORT, Map.of(PasswordViolation.MIN_LENGTH, 8, PasswordViolation.LENGTH, 5)));
    m.put(TOO_LONG, PasswordViolation.of(TOO_LONG, PasswordViolation.MAX_LENGTH, 128));
    m.put(MISSING_UPPERCASE, PasswordViolation.of(MISSING_UPPERCASE, PasswordViolation.COUNT, 1));
    m.put(MISSING_LOWERCASE, PasswordViolation.of(MISSING_LOWERCASE, PasswordViolation.COUNT, 1));
    m.put(MISSING_DIGIT, PasswordViolation.of(MISSING_DIGIT, PasswordViolation.COUNT, 1));
    m.put(MISSING_SPECIAL, PasswordViolation.of(MISSING_SPECIAL, PasswordViolation.COUNT, 1));
    m.put(COMMON_PASSWORD, PasswordViolation.of(COMMON_PASSWORD));
    m.put(
        CONTAINS_CONTEXT_WORD,
        PasswordViolation.of(
            CONTAINS_CONTEXT_WORD, PasswordViolation.WORD_KIND, PasswordViolation.WORD_KIND_EMAIL));
    m.put(SAME_AS_CURRENT, PasswordViolation.of(SAME_AS_CURRENT));
    return m;
  }

  @ParameterizedTest
  @EnumSource(PasswordViolation.Code.class)
  void englishWhenAnyCodeThenSentenceWithoutPlaceholdersOrNull(PasswordViolation.Code code) {
    String message = english.resolve(SAMPLES.get(code));

    assertThat(message)
        .isNotBlank()
        .endsWith(".")
        .doesNotContain("{")
        .doesNotContain("null")
        .isNotEqualTo(EnglishPasswordMessages.GENERIC);
  }

  @ParameterizedTest
  @MethodSource("englishMessages")
  void englishWhenPolicyParametersThenExactWording(PasswordViolation violation, String expected) {
    assertThat(english.resolve(violation)).isEqualTo(expected);
  }

  static Stream<Arguments> englishMessages() {
    return Stream.of(
        Arguments.of(SAMPLES.get(TOO_SHORT), "Use at least 8 characters."),
        Arguments.of(SAMPLES.get(TOO_LONG), "Use at most 128 characters."),
        Arguments.of(SAMPLES.get(MISSING_UPPERCASE), "Add an uppercase letter."),
        Arguments.of(
            PasswordViolation.of(MISSING_UPPERCASE, PasswordViolation.COUNT, 2),
            "Add at least 2 uppercase letters."),
        Arguments.of(SAMPLES.get(MISSING_LOWERCASE), "Add a lowercase letter."),
        Arguments.of(SAMPLES.get(MISSING_DIGIT), "Add a number."),
        Arguments.of(
            PasswordViolation.of(MISSING_DIGIT, PasswordViolation.COUNT, 3),
            "Add at least 3 numbers."),
        Arguments.of(SAMPLES.get(MISSING_SPECIAL), "Add a special character, such as ! @ # or $."),
        Arguments.of(
            SAMPLES.get(COMMON_PASSWORD),
            "This password is too common. Choose a less common password."),
        Arguments.of(
            SAMPLES.get(CONTAINS_CONTEXT_WORD), "Don't use your email address in your password."),
        Arguments.of(
            PasswordViolation.of(
                CONTAINS_CONTEXT_WORD,
                PasswordViolation.WORD_KIND,
                PasswordViolation.WORD_KIND_NAME),
            "Don't use your name in your password."),
        Arguments.of(
            PasswordViolation.of(
                CONTAINS_CONTEXT_WORD,
                PasswordViolation.WORD_KIND,
                PasswordViolation.WORD_KIND_PRODUCT),
            "Don't use the name of this service in your password."),
        Arguments.of(
            SAMPLES.get(SAME_AS_CURRENT),
            "Choose a password that is different from your current one."),
        Arguments.of(
            SAMPLES.get(ILLEGAL_CHARACTER),
            "Remove unsupported characters, such as tabs or line breaks."));
  }

  @ParameterizedTest
  @MethodSource("malformedViolations")
  void englishWhenParameterMissingOrOddThenStillASentence(
      PasswordViolation violation, String expected) {
    assertThat(english.resolve(violation)).isEqualTo(expected);
  }

  static Stream<Arguments> malformedViolations() {
    return Stream.of(
        Arguments.of(PasswordViolation.of(TOO_SHORT), "This password is too short."),
        Arguments.of(PasswordViolation.of(TOO_LONG), "This password is too long."),
        Arguments.of(
            PasswordViolation.of(TOO_SHORT, PasswordViolation.MIN_LENGTH, "eight"),
            "This password is too short."),
        Arguments.of(
            PasswordViolation.of(TOO_SHORT, PasswordViolation.MIN_LENGTH, 8L),
            "Use at least 8 characters."),
        Arguments.of(
            PasswordViolation.of(MISSING_DIGIT, PasswordViolation.COUNT, "3"),
            "Add at least 3 numbers."),
        Arguments.of(
            PasswordViolation.of(MISSING_DIGIT, PasswordViolation.COUNT, 2.5), "Add more numbers."),
        Arguments.of(
            PasswordViolation.of(MISSING_SPECIAL),
            "Add more special characters, such as ! @ # or $."),
        Arguments.of(
            PasswordViolation.of(MISSING_UPPERCASE, PasswordViolation.COUNT, Long.MAX_VALUE),
            "Add more uppercase letters."),
        Arguments.of(
            PasswordViolation.of(CONTAINS_CONTEXT_WORD),
            "Don't use personal information in your password."),
        Arguments.of(
            PasswordViolation.of(CONTAINS_CONTEXT_WORD, PasswordViolation.WORD_KIND, "pet"),
            "Don't use personal information in your password."),
        Arguments.of(
            PasswordViolation.of(TOO_SHORT, PasswordViolation.MIN_LENGTH, 1),
            "Use at least 1 character."));
  }

  @Test
  void englishWhenNullThenGenericSentence() {
    assertThat(english.resolve(null)).isEqualTo(EnglishPasswordMessages.GENERIC);
  }

  @Test
  void englishWhenEveryViolationOfARealValidationThenOneSentenceEach() {
    PasswordContext context = PasswordContext.builder().productName("Zexa").build();

    PasswordValidation result = PasswordPolicy.strong().validate("zexa\t", context);

    assertThat(result.messages(english))
        .containsExactly(
            "Remove unsupported characters, such as tabs or line breaks.",
            "Use at least 12 characters.",
            "Add an uppercase letter.",
            "Add a number.",
            "Add a special character, such as ! @ # or $.",
            "Don't use the name of this service in your password.");
  }

  @Test
  void templatesWhenTranslationGivenThenUsedWithParametersAndEnglishForTheRest() {
    PasswordMessages german =
        PasswordMessages.fromTemplates(
            Map.of(
                "too_short", "Mindestens {min_length} Zeichen verwenden (jetzt {length}).",
                "common_password", "Dieses Passwort ist zu häufig.",
                "a_code_from_the_future", "Wird ignoriert."));

    assertThat(german.resolve(SAMPLES.get(TOO_SHORT)))
        .isEqualTo("Mindestens 8 Zeichen verwenden (jetzt 5).");
    assertThat(german.resolve(SAMPLES.get(COMMON_PASSWORD)))
        .isEqualTo("Dieses Passwort ist zu häufig.");
    assertThat(german.resolve(SAMPLES.get(MISSING_DIGIT))).isEqualTo("Add a number.");
  }

  @Test
  void templatesWhenPlaceholderParameterMissingThenFallbackInsteadOfAHole() {
    PasswordMessages german =
        PasswordMessages.fromTemplates(Map.of("too_short", "Mindestens {minimum} Zeichen."));

    assertThat(german.resolve(SAMPLES.get(TOO_SHORT))).isEqualTo("Use at least 8 characters.");
    assertThat(german.resolve(PasswordViolation.of(TOO_SHORT)))
        .isEqualTo("This password is too short.");
  }

  @Test
  void templatesWhenBraceNeverClosesThenKeptAsText() {
    PasswordMessages odd =
        PasswordMessages.fromTemplates(Map.of("too_short", "Min {min_length} :-{ really"));

    assertThat(odd.resolve(SAMPLES.get(TOO_SHORT))).isEqualTo("Min 8 :-{ really");
  }

  @Test
  void templatesWhenFallbackThrowsOrReturnsNothingThenEnglish() {
    PasswordMessages throwing =
        PasswordMessages.fromTemplates(
            Map.of(),
            v -> {
              throw new IllegalStateException("broken bundle");
            });
    PasswordMessages silent = PasswordMessages.fromTemplates(Map.of(), v -> null);
    PasswordMessages blank = PasswordMessages.fromTemplates(Map.of("too_long", " "), v -> "");

    for (PasswordViolation violation : SAMPLES.values()) {
      String expected = english.resolve(violation);
      assertThat(throwing.resolve(violation)).isEqualTo(expected);
      assertThat(silent.resolve(violation)).isEqualTo(expected);
      assertThat(blank.resolve(violation)).isEqualTo(expected);
    }
    assertThat(throwing.resolve(null)).isEqualTo(EnglishPasswordMessages.GENERIC);
  }

  @Test
  void templatesWhenCustomFallbackThenItAnswersForMissingTemplates() {
    PasswordMessages french =
        PasswordMessages.fromTemplates(
            Map.of("too_short", "Au moins {min_length} caractères."),
            v -> "Mot de passe refusé (" + v.code().code() + ").");

    assertThat(french.resolve(SAMPLES.get(TOO_SHORT))).isEqualTo("Au moins 8 caractères.");
    assertThat(french.resolve(SAMPLES.get(COMMON_PASSWORD)))
        .isEqualTo("Mot de passe refusé (common_password).");
  }

  @Test
  void templatesWhenSourceMapChangesLaterThenResolverUnaffected() {
    Map<String, String> templates = new HashMap<>(Map.of("common_password", "Zu häufig."));
    PasswordMessages german = PasswordMessages.fromTemplates(templates);

    templates.put("common_password", "Geändert.");

    assertThat(german.resolve(SAMPLES.get(COMMON_PASSWORD))).isEqualTo("Zu häufig.");
  }

  @Test
  void templatesWhenNullMapKeyOrValueThenNullPointerException() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("too_short", null);

    assertThatThrownBy(() -> PasswordMessages.fromTemplates(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PasswordMessages.fromTemplates(Map.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PasswordMessages.fromTemplates(nullValue))
        .isInstanceOf(NullPointerException.class);
  }
}
