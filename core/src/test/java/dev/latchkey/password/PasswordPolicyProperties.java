package dev.latchkey.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

class PasswordPolicyProperties {

  private static final List<PasswordPolicy> POLICIES =
      List.of(
          PasswordPolicy.defaultPolicy(),
          PasswordPolicy.nist(),
          PasswordPolicy.nist(true),
          PasswordPolicy.strong());

  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String DIGITS = "0123456789";
  private static final String SPECIAL = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  @Property(tries = 300)
  @StatisticsReport(onFailureOnly = true)
  void validateWhenNfkcEquivalentFormThenIdenticalViolations(
      @ForAll("passwords") String password, @ForAll("equivalences") Equivalence equivalence) {
    String variant = equivalence.apply(password);
    // The same context, once as typed and once in the variant's form.
    PasswordContext context = context(password);
    PasswordContext variantContext =
        PasswordContext.builder()
            .email(equivalence.apply("harbor.smith@example.com"))
            .name(equivalence.apply("Élodie Smith"))
            .productName(equivalence.apply("Zexa"))
            .currentPassword(variant)
            .build();

    Statistics.label("changed by the equivalence").collect(!variant.equals(password));
    Statistics.label("changed by the equivalence")
        .coverage(c -> c.check(true).percentage(p -> p >= 30));
    for (PasswordPolicy policy : POLICIES) {
      assertThat(policy.validate(variant).violations())
          .as("%s under %s", equivalence, policy)
          .isEqualTo(policy.validate(password).violations());
      assertThat(policy.validate(variant, variantContext).violations())
          .isEqualTo(policy.validate(password, context).violations())
          .contains(PasswordViolation.of(PasswordViolation.Code.SAME_AS_CURRENT));
    }
  }

  @Property(tries = 1000)
  void validateNeverThrowsForArbitraryStrings(
      @ForAll String password,
      @ForAll String email,
      @ForAll String name,
      @ForAll String product,
      @ForAll String current) {
    PasswordContext context =
        PasswordContext.builder()
            .email(email)
            .name(name)
            .productName(product)
            .currentPassword(current)
            .build();

    for (PasswordPolicy policy : POLICIES) {
      PasswordValidation result = policy.validate(password, context);
      policy.validate(password);
      // Every violation has a sentence, in English and through a template resolver.
      assertThat(result.messages(PasswordMessages.english())).allMatch(m -> !m.isBlank());
      assertThat(result.messages(PasswordMessages.fromTemplates(java.util.Map.of())))
          .allMatch(m -> !m.isBlank());
    }
  }

  @Property(tries = 1000)
  void validateNeverThrowsForArbitraryCodePoints(@ForAll("anyCodePoints") String password) {
    for (PasswordPolicy policy : POLICIES) {
      policy.validate(password, context(password));
    }
  }

  /**
   * Model check of the default policy: a password made of characters from A–Z, a–z, 0–9 and ASCII
   * punctuation passes exactly when it has 8 to 128 characters, an uppercase letter, a digit and a
   * special character, and is not on the blocklist; and each missing requirement is reported.
   */
  @Property(tries = 1000)
  @StatisticsReport(onFailureOnly = true)
  void validateWhenPasswordFromAllowedClassesThenDefaultPolicyAgreesWithTheModel(
      @ForAll("classPasswords") String password) {
    boolean upper = password.chars().anyMatch(c -> UPPER.indexOf(c) >= 0);
    boolean digit = password.chars().anyMatch(c -> DIGITS.indexOf(c) >= 0);
    boolean special = password.chars().anyMatch(c -> SPECIAL.indexOf(c) >= 0);
    boolean common = CommonPasswords.words().contains(password.toLowerCase(java.util.Locale.ROOT));
    Set<PasswordViolation.Code> expected = EnumSet.noneOf(PasswordViolation.Code.class);
    if (password.length() < 8) {
      expected.add(PasswordViolation.Code.TOO_SHORT);
    }
    if (password.length() > 128) {
      expected.add(PasswordViolation.Code.TOO_LONG);
    }
    if (!upper) {
      expected.add(PasswordViolation.Code.MISSING_UPPERCASE);
    }
    if (!digit) {
      expected.add(PasswordViolation.Code.MISSING_DIGIT);
    }
    if (!special) {
      expected.add(PasswordViolation.Code.MISSING_SPECIAL);
    }
    if (common) {
      expected.add(PasswordViolation.Code.COMMON_PASSWORD);
    }

    PasswordValidation result = PasswordPolicy.defaultPolicy().validate(password);
    Statistics.label("valid").collect(expected.isEmpty());
    Statistics.label("too long").collect(password.length() > 128);

    assertThat(result.codes()).isEqualTo(expected);
    assertThat(result.isValid())
        .isEqualTo(
            password.length() >= 8
                && password.length() <= 128
                && upper
                && digit
                && special
                && !common);
  }

  // ---------------------------------------------------------------------------------------------

  private static PasswordContext context(String current) {
    return PasswordContext.builder()
        .email("harbor.smith@example.com")
        .name("Élodie Smith")
        .productName("Zexa")
        .currentPassword(current)
        .build();
  }

  /** A transformation that keeps the NFKC form. */
  enum Equivalence {
    NFD,
    NFKD,
    NFC,
    FULL_WIDTH,
    FULL_WIDTH_THEN_NFD;

    String apply(String s) {
      switch (this) {
        case NFD:
          return Normalizer.normalize(s, Normalizer.Form.NFD);
        case NFKD:
          return Normalizer.normalize(s, Normalizer.Form.NFKD);
        case NFC:
          return Normalizer.normalize(s, Normalizer.Form.NFC);
        case FULL_WIDTH:
          return fullWidth(s);
        case FULL_WIDTH_THEN_NFD:
          return Normalizer.normalize(fullWidth(s), Normalizer.Form.NFD);
        default:
          throw new AssertionError(this);
      }
    }

    /** ASCII '!'..'~' to U+FF01..U+FF5E and space to U+3000, whose NFKC forms are the originals. */
    private static String fullWidth(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      s.codePoints()
          .forEach(
              cp -> {
                if (cp >= 0x21 && cp <= 0x7E) {
                  sb.appendCodePoint(cp - 0x21 + 0xFF01);
                } else if (cp == ' ') {
                  sb.appendCodePoint(0x3000);
                } else {
                  sb.appendCodePoint(cp);
                }
              });
      return sb.toString();
    }
  }

  @Provide
  Arbitrary<Equivalence> equivalences() {
    return Arbitraries.of(Equivalence.class);
  }

  @Provide
  @SuppressWarnings("unchecked") // generic varargs of frequencyOf
  Arbitrary<String> passwords() {
    // Passwords as people type them, plus letters with diacritics (which NFD splits), compatibility
    // characters and the occasional common password or context word, so every rule gets hit.
    Arbitrary<String> typed =
        Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.chars().range(' ', '~')),
                Tuple.of(2, Arbitraries.of('é', 'Ä', 'ñ', 'Ω', 'ǅ', 'ﬁ', '²', 'ｶ', 'Å', 'ṩ')),
                Tuple.of(1, Arbitraries.of('\t', '\u0301', '\u00AD', '\u3000')))
            .list()
            .ofMaxSize(40)
            .map(PasswordPolicyProperties::join);
    Arbitrary<String> known =
        Arbitraries.of("password", "PaSSword", "iloveyou", "Smith!Harbor9", "Zexa-2024!x", "");
    return Arbitraries.frequencyOf(Tuple.of(8, typed), Tuple.of(1, known));
  }

  @Provide
  Arbitrary<String> anyCodePoints() {
    // Every code point, surrogates included: lone surrogates must be ILLEGAL_CHARACTER, not a
    // crash.
    return Arbitraries.integers()
        .between(0, Character.MAX_CODE_POINT)
        .list()
        .ofMaxSize(300)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }

  @Provide
  Arbitrary<String> classPasswords() {
    // Choose which classes appear first, so passwords missing one or more classes are common; and
    // draw the special characters from a random few, so each one is sometimes the only special.
    Arbitrary<String> specials =
        Arbitraries.of(
                SPECIAL.chars().mapToObj(c -> String.valueOf((char) c)).toArray(String[]::new))
            .set()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(set -> String.join("", set));
    return Arbitraries.subsetOf(UPPER, LOWER, DIGITS, SPECIAL)
        .ofMinSize(1)
        .flatMap(
            classes ->
                specials.flatMap(
                    someSpecials -> {
                      String alphabet = String.join("", classes).replace(SPECIAL, someSpecials);
                      return Arbitraries.strings()
                          .withChars(alphabet.toCharArray())
                          .ofMinLength(0)
                          .ofMaxLength(140);
                    }));
  }

  private static String join(List<Character> chars) {
    List<String> parts = new ArrayList<>(chars.size());
    chars.forEach(c -> parts.add(String.valueOf(c)));
    return String.join("", parts);
  }
}
