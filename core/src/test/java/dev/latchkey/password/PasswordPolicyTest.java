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

import java.security.SecureRandom;
import java.nio.CharBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private static final PasswordPolicy DEFAULT = PasswordPolicy.defaultPolicy();
  private static final PasswordPolicy NIST = PasswordPolicy.nist();
  private static final PasswordPolicy STRONG = PasswordPolicy.strong();

  private static PasswordViolation tooShort(int min, int length) {
    return new PasswordViolation(
        TOO_SHORT, Map.of(PasswordViolation.MIN_LENGTH, min, PasswordViolation.LENGTH, length));
  }

  private static PasswordViolation tooLong(int max) {
    return PasswordViolation.of(TOO_LONG, PasswordViolation.MAX_LENGTH, max);
  }

  private static PasswordViolation missing(PasswordViolation.Code code, int count) {
    return PasswordViolation.of(code, PasswordViolation.COUNT, count);
  }

  private static PasswordViolation contextWord(String kind) {
    return PasswordViolation.of(CONTAINS_CONTEXT_WORD, PasswordViolation.WORD_KIND, kind);
  }

  /** The rules on the reference account-security page: 8+, an uppercase, a number, a special. */
  @Nested
  class DefaultPolicy {

    @ParameterizedTest
    @ValueSource(strings = {"Harbor9!", "Harbor9@", "Harbor9#", "Harbor9$", "Sunrise#Kettle7"})
    void validateWhenEveryPublishedRequirementMetThenValid(String password) {
      assertThat(DEFAULT.validate(password).isValid()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.password.PasswordPolicyTest#asciiPunctuation")
    void validateWhenAnyAsciiPunctuationOrSymbolThenItCountsAsSpecial(String special) {
      assertThat(DEFAULT.validate("Harbor9" + special).isValid()).isTrue();
    }

    @Test
    void validateWhenShorterThanEightThenTooShortWithMinimumAndLength() {
      assertThat(DEFAULT.validate("Hrb9!x").violations()).containsExactly(tooShort(8, 6));
    }

    @Test
    void validateWhenNoUppercaseThenMissingUppercase() {
      assertThat(DEFAULT.validate("harbor9!").violations())
          .containsExactly(missing(MISSING_UPPERCASE, 1));
    }

    @Test
    void validateWhenNoNumberThenMissingDigit() {
      assertThat(DEFAULT.validate("Harbor!!").violations())
          .containsExactly(missing(MISSING_DIGIT, 1));
    }

    @Test
    void validateWhenNoSpecialCharacterThenMissingSpecial() {
      assertThat(DEFAULT.validate("Harbor99").violations())
          .containsExactly(missing(MISSING_SPECIAL, 1));
    }

    @Test
    void validateWhenNoLowercaseThenStillValidBecauseTheProductsDoNotAskForOne() {
      assertThat(DEFAULT.validate("HARBOR9!").isValid()).isTrue();
    }

    @Test
    void validateWhenSeveralRulesBrokenThenAllReportedInCodeOrder() {
      assertThat(DEFAULT.validate("abc").violations())
          .containsExactly(
              tooShort(8, 3),
              missing(MISSING_UPPERCASE, 1),
              missing(MISSING_DIGIT, 1),
              missing(MISSING_SPECIAL, 1));
    }

    @Test
    void validateWhenCommonPasswordMeetsCompositionRulesThenStillRejected() {
      // Composition rules alone let "P@ssw0rd" through; the blocklist does not.
      assertThat(DEFAULT.validate("P@ssw0rd").violations())
          .containsExactly(PasswordViolation.of(COMMON_PASSWORD));
    }

    @Test
    void validateWhenExactly128ThenValidAndWhen129ThenTooLong() {
      String base = "Harbor9!";
      String max = base + "x".repeat(128 - base.length());

      assertThat(DEFAULT.validate(max).isValid()).isTrue();
      assertThat(DEFAULT.validate(max + "x").violations()).containsExactly(tooLong(128));
    }

    @Test
    void defaultPolicyWhenInspectedThenMatchesTheNamedConstants() {
      assertThat(DEFAULT.minLength()).isEqualTo(PasswordPolicy.DEFAULT_MIN_LENGTH).isEqualTo(8);
      assertThat(DEFAULT.maxLength()).isEqualTo(PasswordPolicy.DEFAULT_MAX_LENGTH).isEqualTo(128);
      assertThat(DEFAULT.requiredUppercase()).isEqualTo(1);
      assertThat(DEFAULT.requiredLowercase()).isZero();
      assertThat(DEFAULT.requiredDigits()).isEqualTo(1);
      assertThat(DEFAULT.requiredSpecial()).isEqualTo(1);
      assertThat(DEFAULT.checksCommonPasswords()).isTrue();
      assertThat(DEFAULT.blockedPasswords()).isEmpty();
      assertThat(DEFAULT.checksContextWords()).isTrue();
      assertThat(DEFAULT.minContextWordLength()).isEqualTo(4);
      assertThat(DEFAULT.rejectsSameAsCurrent()).isTrue();
      assertThat(PasswordPolicy.builder().build()).isEqualTo(DEFAULT).hasSameHashCodeAs(DEFAULT);
    }
  }

  /** NIST SP 800-63B §3.1.1.2. */
  @Nested
  class Nist {

    @ParameterizedTest
    @ValueSource(
        strings = {"correct horse battery staple", "harborsunrise", "aaaaaaaa", "82917364"})
    void validateWhenLongEnoughAndNotCommonThenValidWithoutCompositionRules(String password) {
      assertThat(NIST.validate(password).isValid()).isTrue();
    }

    @Test
    void validateWhenShorterThanEightThenTooShort() {
      assertThat(NIST.validate("hrbrxq").violations()).containsExactly(tooShort(8, 6));
    }

    @Test
    void nistWhenPasswordIsOnlyFactorThenMinimumFifteen() {
      PasswordPolicy singleFactor = PasswordPolicy.nist(true);

      assertThat(singleFactor.minLength()).isEqualTo(PasswordPolicy.SINGLE_FACTOR_MIN_LENGTH);
      assertThat(singleFactor.validate("harborsunrise").violations())
          .containsExactly(tooShort(15, 13));
      assertThat(singleFactor.validate("harborsunriseok").isValid()).isTrue();
      assertThat(PasswordPolicy.nist(false)).isEqualTo(NIST);
    }

    @Test
    void nistWhenInspectedThenMaximumAtLeast64AndNoCompositionRules() {
      assertThat(NIST.maxLength()).isGreaterThanOrEqualTo(64);
      assertThat(NIST.requiredUppercase()).isZero();
      assertThat(NIST.requiredLowercase()).isZero();
      assertThat(NIST.requiredDigits()).isZero();
      assertThat(NIST.requiredSpecial()).isZero();
      assertThat(NIST.checksCommonPasswords()).isTrue();
      assertThat(NIST.checksContextWords()).isTrue();
      assertThat(NIST.rejectsSameAsCurrent()).isTrue();
    }

    @Test
    void validateWhen64CharacterPassphraseThenValid() {
      String passphrase = "the quick brown fox jumps over the lazy dog while it rains a lot";
      assertThat(passphrase).hasSize(64);

      assertThat(NIST.validate(passphrase).isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "12345678", "iloveyou", "baseball", "trustno1"})
    void validateWhenCommonPasswordThenRejected(String password) {
      assertThat(NIST.validate(password).violations())
          .containsExactly(PasswordViolation.of(COMMON_PASSWORD));
    }
  }

  /** The "12+ characters, mix of types" advice on the reference security-settings page. */
  @Nested
  class Strong {

    @Test
    void validateWhenTwelveWithEveryClassThenValid() {
      assertThat(STRONG.validate("Harbor9!Sunrise").isValid()).isTrue();
      assertThat(STRONG.validate("Harbor9!Sunr").isValid()).isTrue();
    }

    @Test
    void validateWhenElevenThenTooShort() {
      assertThat(STRONG.validate("Harbor9!Sun").violations()).containsExactly(tooShort(12, 11));
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.password.PasswordPolicyTest#strongMissingClass")
    void validateWhenOneClassMissingThenThatClassReported(
        String password, PasswordViolation.Code code) {
      assertThat(STRONG.validate(password).violations()).containsExactly(missing(code, 1));
    }

    @Test
    void strongWhenInspectedThenTwelveAndEveryClass() {
      assertThat(STRONG.minLength()).isEqualTo(PasswordPolicy.STRONG_MIN_LENGTH).isEqualTo(12);
      assertThat(STRONG.requiredUppercase()).isEqualTo(1);
      assertThat(STRONG.requiredLowercase()).isEqualTo(1);
      assertThat(STRONG.requiredDigits()).isEqualTo(1);
      assertThat(STRONG.requiredSpecial()).isEqualTo(1);
      assertThat(STRONG.maxLength()).isEqualTo(128);
    }
  }

  static Stream<String> asciiPunctuation() {
    return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".chars().mapToObj(c -> String.valueOf((char) c));
  }

  static Stream<Arguments> strongMissingClass() {
    return Stream.of(
        Arguments.of("harbor9!sunrise", MISSING_UPPERCASE),
        Arguments.of("HARBOR9!SUNRISE", MISSING_LOWERCASE),
        Arguments.of("Harbor!Sunrise", MISSING_DIGIT),
        Arguments.of("Harbor9Sunrise", MISSING_SPECIAL));
  }

  @Nested
  class Building {

    @Test
    void buildWhenCountsRaisedThenEachReportedWithItsCount() {
      PasswordPolicy policy =
          PasswordPolicy.builder()
              .requireUppercase(2)
              .requireLowercase(6)
              .requireDigits(2)
              .requireSpecial(2)
              .build();

      assertThat(policy.validate("Harbor9!").violations())
          .containsExactly(
              missing(MISSING_UPPERCASE, 2),
              missing(MISSING_LOWERCASE, 6),
              missing(MISSING_DIGIT, 2),
              missing(MISSING_SPECIAL, 2));
      assertThat(policy.validate("HArborside99!!").isValid()).isTrue();
    }

    @Test
    void toBuilderWhenBuiltUnchangedThenEqualPolicy() {
      PasswordPolicy custom =
          PasswordPolicy.nist(true).toBuilder()
              .blockedPasswords(List.of("Zexa2024"))
              .minContextWordLength(5)
              .build();

      assertThat(custom.toBuilder().build()).isEqualTo(custom).hasSameHashCodeAs(custom);
      assertThat(PasswordPolicy.nist().toBuilder().build()).isEqualTo(NIST);
      assertThat(PasswordPolicy.strong().toBuilder().build()).isEqualTo(STRONG);
      assertThat(custom).isNotEqualTo(NIST);
    }

    @Test
    void buildWhenEveryValueAtItsBoundThenAccepted() {
      PasswordPolicy low =
          PasswordPolicy.builder()
              .minLength(1)
              .maxLength(4)
              .requireUppercase(1)
              .requireLowercase(1)
              .requireDigits(1)
              .requireSpecial(1)
              .minContextWordLength(3)
              .build();
      PasswordPolicy high =
          PasswordPolicy.builder()
              .minLength(4096)
              .maxLength(4096)
              .requireUppercase(4096)
              .requireDigits(0)
              .requireSpecial(0)
              .minContextWordLength(64)
              .build();

      assertThat(low.validate("Ab1!").isValid()).isTrue();
      assertThat(high.maxLength()).isEqualTo(PasswordPolicy.MAX_MAX_LENGTH).isEqualTo(4096);
      assertThat(high.validate("A".repeat(4096)).isValid()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dev.latchkey.password.PasswordPolicyTest#invalidBuilders")
    void buildWhenValueOutOfRangeThenMessageNamesValueAndRange(
        UnaryOperator<PasswordPolicy.Builder> change, String message) {
      PasswordPolicy.Builder builder = change.apply(PasswordPolicy.builder());

      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
    }

    @Test
    void blockedPasswordsWhenNullOrNullElementThenNullPointerException() {
      PasswordPolicy.Builder builder = PasswordPolicy.builder();

      assertThatThrownBy(() -> builder.blockedPasswords(null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> builder.blockedPasswords(java.util.Arrays.asList("a", null)))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringWhenPrintedThenRulesAndOnlyTheNumberOfHostBlockedPasswords() {
      PasswordPolicy policy =
          PasswordPolicy.builder().blockedPasswords(List.of("SecretCompanyWord1!")).build();

      assertThat(policy.toString())
          .isEqualTo(
              "PasswordPolicy[length=8..128, uppercase=1, lowercase=0, digits=1, special=1,"
                  + " commonPasswords=true, blockedPasswords=1, contextWords=min 4,"
                  + " sameAsCurrent=true]")
          .doesNotContain("SecretCompanyWord1!");
    }
  }

  static Stream<Arguments> invalidBuilders() {
    return Stream.of(
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.maxLength(0),
            "Invalid maxLength 0; must be between 1 and 4096 code points"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.maxLength(4097),
            "Invalid maxLength 4097; must be between 1 and 4096 code points"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.minLength(20).maxLength(16),
            "Invalid minLength 20; must be between 1 and maxLength (16) code points"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.minLength(0),
            "Invalid minLength 0; must be between 1 and maxLength (128) code points"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.requireUppercase(-1),
            "Invalid requireUppercase -1; must be between 0 and maxLength (128)"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.requireLowercase(-2),
            "Invalid requireLowercase -2; must be between 0 and maxLength (128)"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.requireDigits(129),
            "Invalid requireDigits 129; must be between 0 and maxLength (128)"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.requireSpecial(Integer.MIN_VALUE),
            "Invalid requireSpecial -2147483648; must be between 0 and maxLength (128)"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>)
                b -> b.maxLength(10).minLength(8).requireUppercase(5).requireDigits(5),
            "Invalid character-class requirements: 5 uppercase + 0 lowercase + 5 digits + 1"
                + " special = 11; must total at most maxLength (10)"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.minContextWordLength(2),
            "Invalid minContextWordLength 2; must be between 3 and 64 code points"),
        Arguments.of(
            (UnaryOperator<PasswordPolicy.Builder>) b -> b.minContextWordLength(65),
            "Invalid minContextWordLength 65; must be between 3 and 64 code points"));
  }

  /** NFKC, code points, Unicode classes and bad input. */
  @Nested
  class Unicode {

    @Test
    void validateWhenFullWidthThenCheckedAsItsNfkcForm() {
      assertThat(NIST.validate("ＰＡＳＳＷＯＲＤ").violations())
          .containsExactly(PasswordViolation.of(COMMON_PASSWORD));
      assertThat(DEFAULT.validate("Ｈａｒｂｏｒ９！").isValid()).isTrue();
    }

    @Test
    void validateWhenEmojiThenEachCountsAsOneCharacter() {
      String seven = "😀".repeat(7); // 14 UTF-16 units

      assertThat(NIST.validate(seven).violations()).containsExactly(tooShort(8, 7));
      assertThat(NIST.validate(seven + "🔑").isValid()).isTrue();
    }

    @Test
    void validateWhenCompatibilityCharactersThenCountedAfterNfkc() {
      // "ﬁ" is one code point but NFKC makes it two ("fi"); a decomposed "é" composes to one.
      assertThat(NIST.validate("ﬁﬁﬁ").violations()).containsExactly(tooShort(8, 6));
      assertThat(NIST.validate("cafe\u0301").violations()).containsExactly(tooShort(8, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Überweisung1!", "Жёлтый-дом7", "Ωmega-2024", "ǅungla#5x"})
    void validateWhenNonAsciiCasedLettersThenTheyCountAsLetters(String password) {
      assertThat(DEFAULT.validate(password).isValid()).isTrue();
    }

    @Test
    void validateWhenUncasedScriptThenNoUppercaseLetter() {
      assertThat(DEFAULT.validate("密码很长很长1!").violations())
          .containsExactly(missing(MISSING_UPPERCASE, 1));
      assertThat(NIST.validate("密码很长很长很长").isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Harbor9€", "Harbor9✓", "Harbor9😀", "Harbor9«", "Harbor9_"})
    void validateWhenUnicodePunctuationOrSymbolThenSpecial(String password) {
      assertThat(DEFAULT.validate(password).isValid()).isTrue();
    }

    @Test
    void validateWhenOnlySpaceBetweenWordsThenNoSpecialCharacter() {
      assertThat(DEFAULT.validate("Harbor 9x").violations())
          .containsExactly(missing(MISSING_SPECIAL, 1));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Harbor9!\t",
          "Harbor9!\n",
          "Harbor9!\u0000",
          "Harbor9!\u007F",
          "Harbor9!\u0085",
          "Harbor9!\uD800",
          "\uDC00Harbor9!",
          "Harbor\uDBFF9!"
        })
    void validateWhenControlCharacterOrUnpairedSurrogateThenIllegalCharacter(String password) {
      assertThat(DEFAULT.validate(password).violations())
          .containsExactly(PasswordViolation.of(ILLEGAL_CHARACTER));
    }

    @Test
    void validateWhenSurrogatePairThenOneLegalCharacter() {
      assertThat(NIST.validate("𝒳𝒴𝒵harbor").isValid()).isTrue();
    }

    @Test
    void validateWhenNullPasswordThenTreatedAsEmpty() {
      assertThat(NIST.validate(null).violations()).containsExactly(tooShort(8, 0));
      assertThat(DEFAULT.validate(null, PasswordContext.empty()).codes())
          .containsExactly(TOO_SHORT, MISSING_UPPERCASE, MISSING_DIGIT, MISSING_SPECIAL);
      assertThat(NIST.validate("")).isEqualTo(NIST.validate(null));
    }

    @Test
    void validateWhenNullContextThenNullPointerException() {
      assertThatThrownBy(() -> DEFAULT.validate("Harbor9!", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("context");
    }

    @Test
    void validateWhenCharSequenceOtherThanStringThenSameResult() {
      assertThat(DEFAULT.validate(CharBuffer.wrap("Harbor9!".toCharArray())).isValid()).isTrue();
      assertThat(DEFAULT.validate(new StringBuilder("P@ssw0rd")).codes())
          .containsExactly(COMMON_PASSWORD);
    }

    @Test
    void validateWhenRawInputBeyondSixteenTimesTheMaximumThenOnlyTooLongWithoutNormalising() {
      // Ten million control characters: normalising or scanning would cost; the bound comes first.
      String huge = "\u0000".repeat(10_000_000);

      assertThat(DEFAULT.validate(huge).violations()).containsExactly(tooLong(128));
      assertThat(DEFAULT.validate("x".repeat(128 * 16 + 1)).violations())
          .containsExactly(tooLong(128));
    }

    @Test
    void validateWhenRawInputWithinTheBoundButLongAfterNfkcThenTooLongAmongOthers() {
      assertThat(DEFAULT.validate("x".repeat(128 * 16)).violations())
          .containsExactly(
              tooLong(128),
              missing(MISSING_UPPERCASE, 1),
              missing(MISSING_DIGIT, 1),
              missing(MISSING_SPECIAL, 1));
    }

    @Test
    void validateWhenDecomposedFormIsLongerInUtf16ThenLengthStillCountedAfterComposition() {
      // 128 "é" written as e + U+0301 are 256 UTF-16 units but 128 code points after NFKC.
      String decomposed = "Harbor9!" + "e\u0301".repeat(120);

      assertThat(DEFAULT.validate(decomposed).isValid()).isTrue();
    }
  }

  @Nested
  class CommonPasswordList {

    @Test
    void shippedListWhenLoadedThenAtLeastTenThousandEntries() {
      assertThat(CommonPasswords.words()).hasSizeGreaterThanOrEqualTo(10_000).hasSize(20_000);
      assertThat(CommonPasswords.words()).noneMatch(w -> w.startsWith("#") || w.isBlank());
      assertThat(CommonPasswords.words()).allMatch(w -> w.equals(PasswordText.fold(w)));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "password",
          "123456",
          "qwerty",
          "iloveyou",
          "PaSSword",
          "PASSWORD",
          "QWERTY",
          "ILoveYou",
          "12345678",
          "Password1",
          "P@SSW0RD",
          "ｉｌｏｖｅｙｏｕ"
        })
    void validateWhenWellKnownPasswordInAnyCaseThenCommonPassword(String password) {
      PasswordPolicy lenient = PasswordPolicy.nist().toBuilder().minLength(1).build();

      assertThat(lenient.validate(password).violations())
          .containsExactly(PasswordViolation.of(COMMON_PASSWORD));
    }

    @Test
    void validateWhenCommonPasswordIsOnlyPartOfTheWholeThenNotCommon() {
      assertThat(NIST.validate("password-for-bob").isValid()).isTrue();
      assertThat(NIST.validate(" password").isValid()).isTrue();
    }

    @Test
    void validateWhenShippedListTurnedOffThenCommonPasswordAccepted() {
      PasswordPolicy policy = PasswordPolicy.nist().toBuilder().checkCommonPasswords(false).build();

      assertThat(policy.checksCommonPasswords()).isFalse();
      assertThat(policy.validate("password").isValid()).isTrue();
    }

    @Test
    void validateWhenHostBlockedPasswordsThenCheckedLikeTheShippedListAndInAddition() {
      PasswordPolicy policy =
          PasswordPolicy.nist().toBuilder().blockedPasswords(List.of("Zexa2024!", "")).build();

      assertThat(policy.validate("ZEXA2024!").codes()).containsExactly(COMMON_PASSWORD);
      assertThat(policy.validate("ｚｅｘａ２０２４！").codes()).containsExactly(COMMON_PASSWORD);
      assertThat(policy.validate("password").codes()).containsExactly(COMMON_PASSWORD);
      assertThat(policy.blockedPasswords()).containsExactly("Zexa2024!", "");
    }

    @Test
    void validateWhenOnlyHostBlockedPasswordsThenShippedListIgnored() {
      PasswordPolicy policy =
          PasswordPolicy.nist().toBuilder()
              .checkCommonPasswords(false)
              .blockedPasswords(List.of("zexa2024!"))
              .build();

      assertThat(policy.validate("password").isValid()).isTrue();
      assertThat(policy.validate("Zexa2024!").codes()).containsExactly(COMMON_PASSWORD);
    }

    @Test
    void parseWhenCommentsBlankLinesAndMixedFormsThenPreparedEntriesOnly() throws Exception {
      java.util.Set<String> words =
          CommonPasswords.parse(
              new java.io.StringReader("# header\n\nPassWord\r\nＡＢＣ\n  \n#x\npass word\n"));

      assertThat(words).containsExactlyInAnyOrder("password", "abc", "pass word");
    }
  }

  @Nested
  class ContextWords {

    @Test
    void validateWhenPasswordContainsEmailLocalPartWordThenEmail() {
      PasswordContext context = PasswordContext.builder().email("john.smith@example.com").build();

      assertThat(DEFAULT.validate("Smith!Harbor9", context).violations())
          .containsExactly(contextWord(PasswordViolation.WORD_KIND_EMAIL));
      assertThat(DEFAULT.validate("JohnSmith#1", context).violations())
          .containsExactly(contextWord(PasswordViolation.WORD_KIND_EMAIL));
      // The domain is not the user's.
      assertThat(DEFAULT.validate("Example!Harbor9", context).isValid()).isTrue();
    }

    @Test
    void validateWhenEmailWordsShortButLocalPartLongEnoughThenWholeLocalPartChecked() {
      PasswordContext context = PasswordContext.builder().email("jo.sm@example.com").build();

      assertThat(DEFAULT.validate("Josm!Harbor9", context).codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
      assertThat(DEFAULT.validate("Jo!Sm!Harbor9", context).isValid()).isTrue();
    }

    @Test
    void validateWhenPasswordContainsNamePartThenNameAndShortPartsIgnored() {
      PasswordContext context = PasswordContext.builder().name("Jean-Luc Picard").build();

      assertThat(DEFAULT.validate("Picard!Harbor9", context).violations())
          .containsExactly(contextWord(PasswordViolation.WORD_KIND_NAME));
      assertThat(DEFAULT.validate("PICARD!harbor9", context).codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
      assertThat(DEFAULT.validate("Luc!Harbor9x", context).isValid()).isTrue();
      assertThat(
              DEFAULT.toBuilder()
                  .minContextWordLength(3)
                  .build()
                  .validate("Luc!Harbor9x", context)
                  .codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
    }

    @Test
    void validateWhenPasswordContainsProductNameThenProductInAnyCaseOrWidth() {
      PasswordContext context = PasswordContext.builder().productName("Zexa").build();

      assertThat(DEFAULT.validate("Zexa!Harbor9", context).violations())
          .containsExactly(contextWord(PasswordViolation.WORD_KIND_PRODUCT));
      assertThat(DEFAULT.validate("myZEXA!pass9", context).codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
      assertThat(DEFAULT.validate("ｚｅｘａ!Harbor9", context).codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
    }

    @Test
    void validateWhenProductNameHasSeveralWordsThenOnlyTheWholeNameChecked() {
      PasswordContext context = PasswordContext.builder().productName("Status Stack").build();

      assertThat(DEFAULT.validate("StatusStack1!", context).codes())
          .containsExactly(CONTAINS_CONTEXT_WORD);
      assertThat(DEFAULT.validate("Stack!Harbor9", context).isValid()).isTrue();
    }

    @Test
    void validateWhenSeveralKindsFoundThenOneViolationPerKindInOrder() {
      PasswordContext context =
          PasswordContext.builder()
              .email("harbor@example.com")
              .names("Ada", "Lovelace", null)
              .productName("Zexa")
              .build();

      assertThat(DEFAULT.validate("Zexa-Lovelace-Harbor-Lovelace9", context).violations())
          .containsExactly(
              contextWord(PasswordViolation.WORD_KIND_EMAIL),
              contextWord(PasswordViolation.WORD_KIND_NAME),
              contextWord(PasswordViolation.WORD_KIND_PRODUCT));
    }

    @Test
    void validateWhenContextWordsTurnedOffOrNoContextThenAccepted() {
      PasswordContext context = PasswordContext.builder().productName("Zexa").build();

      assertThat(
              DEFAULT.toBuilder()
                  .checkContextWords(false)
                  .build()
                  .validate("Zexa!Harbor9", context)
                  .isValid())
          .isTrue();
      assertThat(DEFAULT.validate("Zexa!Harbor9").isValid()).isTrue();
    }

    @Test
    void validateWhenDefaultLocaleIsTurkishThenCaseFoldingStillMatchesDottedI() {
      Locale saved = Locale.getDefault();
      try {
        // Under Turkish rules "I".toLowerCase() is dotless "ı"; Passay's UsernameRule would miss.
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        PasswordContext context = PasswordContext.builder().name("IRIS").build();

        assertThat(DEFAULT.validate("Iris!Harbor9", context).codes())
            .containsExactly(CONTAINS_CONTEXT_WORD);
      } finally {
        Locale.setDefault(saved);
      }
    }

    @Test
    void violationWhenContextWordFoundThenNeitherWordNorPasswordInIt() {
      PasswordContext context = PasswordContext.builder().name("Picard").build();

      PasswordValidation result = DEFAULT.validate("Picard!Harbor9", context);

      assertThat(result.violations().get(0).parameters())
          .containsOnlyKeys(PasswordViolation.WORD_KIND);
      assertThat(result.toString()).doesNotContainIgnoringCase("picard").doesNotContain("Harbor9");
    }

    @Test
    void contextWhenValueLongerThanAnyRealOneThenIgnoredWithoutNormalising() {
      String longName = "Picard" + "x".repeat(PasswordContext.MAX_VALUE_LENGTH);
      String hugeCurrent = "\u0000".repeat(PasswordContext.MAX_CURRENT_PASSWORD_LENGTH + 1);
      PasswordContext context =
          PasswordContext.builder()
              .email(longName + "@example.com")
              .name(longName)
              .productName(longName)
              .currentPassword(hugeCurrent)
              .build();

      assertThat(context.toString())
          .isEqualTo(
              "PasswordContext[email=absent, nameWords=0, product=absent, currentPassword=absent]");
      assertThat(DEFAULT.validate("Picard!Harbor9", context).isValid()).isTrue();
      assertThat(
              PasswordContext.builder()
                  .name("Picard" + "x".repeat(PasswordContext.MAX_VALUE_LENGTH - 6))
                  .build()
                  .toString())
          .contains("nameWords=1");
    }

    @Test
    void contextWhenPrintedThenNoPersonalDataOrPassword() {
      PasswordContext context =
          PasswordContext.builder()
              .email("john.smith@example.com")
              .name("John Smith")
              .productName("Zexa")
              .currentPassword("Harbor9!Sunrise")
              .build();

      assertThat(context.toString())
          .isEqualTo(
              "PasswordContext[email=present, nameWords=2, product=present,"
                  + " currentPassword=redacted]")
          .doesNotContainIgnoringCase("john")
          .doesNotContain("Harbor");
      assertThat(PasswordContext.empty().toString())
          .isEqualTo(
              "PasswordContext[email=absent, nameWords=0, product=absent, currentPassword=absent]");
    }
  }

  @Nested
  class SameAsCurrent {

    @Test
    void validateWhenNewEqualsCurrentThenSameAsCurrent() {
      PasswordContext context =
          PasswordContext.builder().currentPassword("Harbor9!Sunrise").build();

      assertThat(DEFAULT.validate("Harbor9!Sunrise", context).violations())
          .containsExactly(PasswordViolation.of(SAME_AS_CURRENT));
      assertThat(DEFAULT.validate("Harbor9!sunrise", context).isValid()).isTrue();
    }

    @Test
    void validateWhenNewIsNfkcEquivalentOfCurrentThenSameAsCurrent() {
      PasswordContext context =
          PasswordContext.builder().currentPassword("Ｈａｒｂｏｒ９！Sunrise").build();

      assertThat(DEFAULT.validate("Harbor9!Sunrise", context).codes())
          .containsExactly(SAME_AS_CURRENT);
    }

    @Test
    void validateWhenOnlyCurrentHashKnownThenHasherDecides() {
      PasswordHasher hasher = PasswordHasher.create(TestOptions.TINY, new SecureRandom());
      String hash = hasher.hash("Harbor9!Sunrise");
      PasswordContext context = PasswordContext.builder().currentPasswordHash(hash, hasher).build();

      assertThat(DEFAULT.validate("Harbor9!Sunrise", context).codes())
          .containsExactly(SAME_AS_CURRENT);
      assertThat(DEFAULT.validate("Ｈａｒｂｏｒ９！Sunrise", context).codes())
          .containsExactly(SAME_AS_CURRENT);
      assertThat(DEFAULT.validate("Harbor9!Sunset", context).isValid()).isTrue();
      assertThat(context.toString()).contains("currentPassword=hash").doesNotContain(hash);
    }

    @Test
    void validateWhenCheckTurnedOffThenCurrentPasswordAccepted() {
      PasswordContext context =
          PasswordContext.builder().currentPassword("Harbor9!Sunrise").build();

      assertThat(
              DEFAULT.toBuilder()
                  .rejectSameAsCurrent(false)
                  .build()
                  .validate("Harbor9!Sunrise", context)
                  .isValid())
          .isTrue();
    }

    @Test
    void currentPasswordWhenSetAfterHashThenReplacesItAndViceVersa() {
      PasswordHasher hasher = PasswordHasher.create(TestOptions.TINY, new SecureRandom());
      String hash = hasher.hash("Harbor9!Sunrise");

      PasswordContext plain =
          PasswordContext.builder()
              .currentPasswordHash(hash, hasher)
              .currentPassword("Other!Pass9")
              .build();
      PasswordContext hashed =
          PasswordContext.builder()
              .currentPassword("Other!Pass9")
              .currentPasswordHash(hash, hasher)
              .build();

      assertThat(DEFAULT.validate("Harbor9!Sunrise", plain).isValid()).isTrue();
      assertThat(DEFAULT.validate("Other!Pass9", plain).codes()).containsExactly(SAME_AS_CURRENT);
      assertThat(DEFAULT.validate("Other!Pass9", hashed).isValid()).isTrue();
      assertThatThrownBy(() -> PasswordContext.builder().currentPasswordHash(hash, null))
          .isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void validationWhenPrintedThenCodesButNeverThePassword() {
    PasswordValidation result = DEFAULT.validate("p@ssw0rd");

    assertThat(result.toString())
        .isEqualTo(
            "PasswordValidation[PasswordViolation[code=MISSING_UPPERCASE, parameters={count=1}],"
                + " PasswordViolation[code=COMMON_PASSWORD, parameters={}]]")
        .doesNotContain("p@ssw0rd");
    assertThat(DEFAULT.validate("Harbor9!").toString()).isEqualTo("PasswordValidation[valid]");
    assertThat(result.has(COMMON_PASSWORD)).isTrue();
    assertThat(result.has(TOO_SHORT)).isFalse();
    assertThat(result.codes()).containsExactly(MISSING_UPPERCASE, COMMON_PASSWORD);
  }
}
