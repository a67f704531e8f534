package dev.latchkey.password;

import dev.latchkey.common.LatchkeyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a new password is acceptable, and if not, says why with stable codes.
 *
 * <h2>Presets</h2>
 *
 * <ul>
 *   <li>{@link #defaultPolicy()}: the rules products using Latchkey publish today — at least 8
 *       characters with an uppercase letter, a digit and a special character, at most 128, not a
 *       common password, not containing the user's email, name or the product name, not the current
 *       password.
 *   <li>{@link #nist()} / {@link #nist(boolean)}: NIST SP 800-63B (revision 4) §3.1.1.2 — at least
 *       8 characters (15 when the password is the only authentication factor), at most 128 (NIST
 *       asks for at least 64), no composition rules, the blocklist, context words and not the
 *       current password.
 *   <li>{@link #strong()}: at least 12 characters with an uppercase letter, a lowercase letter, a
 *       digit and a special character, plus the checks of the default policy.
 * </ul>
 *
 * <p>Every rule can be changed through {@link #builder()} (which starts from the default policy) or
 * {@link #toBuilder()}.
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>Every check runs on the password's Unicode NFKC form, the form {@link PasswordHasher}
 *       hashes, so equivalent spellings get the same verdict: full-width "ＰＡＳＳＷＯＲＤ" is checked as
 *       "PASSWORD", a decomposed "é" as "é". Lengths are in code points of that form, so an emoji
 *       is one character, not two UTF-16 units, and "ﬁ" is two ("fi").
 *   <li>Character classes are Unicode's: an uppercase or lowercase letter is any cased letter ("Ä",
 *       "Ж"), a digit any decimal digit, a special character any punctuation or symbol (Unicode
 *       categories P and S: {@code ! @ # $ € ✓ 😀}…). A space is none of these. Letters of scripts
 *       without case count as neither uppercase nor lowercase.
 *   <li>A password containing a control character (tab, line break, NUL…) or half a UTF-16
 *       surrogate pair gets {@link PasswordViolation.Code#ILLEGAL_CHARACTER}.
 *   <li>The blocklist check compares the whole password, ignoring case, with the 20,000 most common
 *       passwords shipped in the jar (and any the host adds). "PaSSword" is "password";
 *       "password-for-bob" is not on the list.
 *   <li>{@code validate} never throws for any password, including {@code null} (treated as the
 *       empty password: {@code TOO_SHORT}) and strings that are not well-formed UTF-16. Its work is
 *       bounded: a raw input longer than 16 × {@link #maxLength()} UTF-16 units cannot normalise to
 *       within the maximum, so it gets {@code TOO_LONG} alone, before any normalisation.
 *   <li>No violation, exception message or {@code toString()} contains the password, or the context
 *       word it matched.
 * </ul>
 *
 * <p>Not checked: breach corpora such as Have I Been Pwned (a network call, the host's choice),
 * patterns such as "aaaa" or "1234" inside longer passwords, and reuse of older passwords. The
 * length limit here should not exceed the {@link PasswordHashingSettings#maxPasswordLength()} of the
 * hasher that will hash the password (256 by default).
 *
 * <p>Immutable and thread-safe; build one at start-up and share it. Building a policy that uses the
 * common-password list loads the list (once per class loader), so a broken jar fails there.
 */
public final class PasswordPolicy {
  /*
   * Design notes.
   *
   * No Passay. Passay's rules are the model (a failure is a code plus parameters; messages are
   * resolved elsewhere), but none of its rules fits what we promise: LengthRule counts UTF-16 units
   * (an emoji is two), CharacterRule with EnglishCharacterData knows only A–Z and a fixed list of
   * symbols and tests chars one UTF-16 unit at a time, UsernameRule lower-cases in the default
   * locale and takes one word, HistoryRule compares with String.equals, which is not constant-time,
   * and its DictionaryRule, the one rule we used, was a wrapper around our own hash-set lookup.
   * So the blocklist is a set lookup here and core has one dependency fewer.
   *
   * Order of work. The cheap raw-length bound comes first (see MAX_RAW_LENGTH_FACTOR); then one
   * NFKC pass; then one pass over the code points that counts length and classes and spots
   * illegal characters; then the set lookup and the context words on the folded form; the
   * current-password comparison comes last because with a hash it costs an Argon2 run. All checks
   * run, so the user sees every problem at once rather than one per attempt.
   */

  /** Minimum length of the default policy, and NIST's minimum with a second factor: 8. */
  public static final int DEFAULT_MIN_LENGTH = 8;

  /**
   * Maximum length of every preset: 128 code points. NIST requires allowing at least 64; 128 leaves
   * room for passphrases and stays under the hasher's default cap of 256.
   */
  public static final int DEFAULT_MAX_LENGTH = 128;

  /** Uppercase letters the default policy requires: 1. */
  public static final int DEFAULT_REQUIRED_UPPERCASE = 1;

  /** Lowercase letters the default policy requires: 0 (the products' rules do not ask for one). */
  public static final int DEFAULT_REQUIRED_LOWERCASE = 0;

  /** Digits the default policy requires: 1. */
  public static final int DEFAULT_REQUIRED_DIGITS = 1;

  /** Special characters the default policy requires: 1. */
  public static final int DEFAULT_REQUIRED_SPECIAL = 1;

  /**
   * Shortest name or email word checked against the password by default: 4 code points. Shorter
   * ones ("Li", "Ann") occur inside too many unrelated passwords to forbid.
   */
  public static final int DEFAULT_MIN_CONTEXT_WORD_LENGTH = 4;

  /** NIST SP 800-63B's minimum when the password is the only authentication factor: 15. */
  public static final int SINGLE_FACTOR_MIN_LENGTH = 15;

  /** Minimum length of {@link #strong()}: 12. */
  public static final int STRONG_MIN_LENGTH = 12;

  /** Largest accepted maximum length, in code points; the same bound as the hasher's cap. */
  public static final int MAX_MAX_LENGTH = PasswordHashingSettings.MAX_MAX_PASSWORD_LENGTH;

  /** Smallest accepted minimum context-word length. */
  public static final int MIN_MIN_CONTEXT_WORD_LENGTH = 3;

  /** Largest accepted minimum context-word length. */
  public static final int MAX_MIN_CONTEXT_WORD_LENGTH = 64;

  /**
   * A raw password longer than this many UTF-16 units per allowed code point is {@code TOO_LONG}
   * without being normalised: NFKC composition shrinks a string at most eightfold (see {@link
   * PasswordHasher}), so such a string cannot normalise to within the maximum.
   */
  static final int MAX_RAW_LENGTH_FACTOR = PasswordHasher.MAX_RAW_UNITS_PER_CODE_POINT;

  private final int minLength;
  private final int maxLength;
  private final int requiredUppercase;
  private final int requiredLowercase;
  private final int requiredDigits;
  private final int requiredSpecial;
  private final boolean checkCommonPasswords;
  private final Set<String> blockedPasswords; // as the host gave them, for toBuilder()
  private final boolean checkContextWords;
  private final int minContextWordLength;
  private final boolean rejectSameAsCurrent;
  private final Blocklist blocklist; // null when no list is in use

  private PasswordPolicy(Builder b, Set<String> preparedBlocked) {
    this.minLength = b.minLength;
    this.maxLength = b.maxLength;
    this.requiredUppercase = b.requiredUppercase;
    this.requiredLowercase = b.requiredLowercase;
    this.requiredDigits = b.requiredDigits;
    this.requiredSpecial = b.requiredSpecial;
    this.checkCommonPasswords = b.checkCommonPasswords;
    this.blockedPasswords = Collections.unmodifiableSet(new LinkedHashSet<>(b.blockedPasswords));
    this.checkContextWords = b.checkContextWords;
    this.minContextWordLength = b.minContextWordLength;
    this.rejectSameAsCurrent = b.rejectSameAsCurrent;
    Set<String> shipped = checkCommonPasswords ? CommonPasswords.words() : Set.of();
    this.blocklist =
        shipped.isEmpty() && preparedBlocked.isEmpty()
            ? null
            : new Blocklist(shipped, preparedBlocked);
  }

  /**
   * The rules products using Latchkey publish today: 8 to 128 characters, at least one uppercase
   * letter, one digit and one special character ({@code !}, {@code @}, {@code #}, {@code $}…), not
   * a common password, no context words of 4 or more characters, not the current password. The same
   * as {@code builder().build()}.
   *
   * @throws LatchkeyException if the common-password list cannot be loaded (a broken jar)
   */
  public static PasswordPolicy defaultPolicy() {
    return builder().build();
  }

  /**
   * NIST SP 800-63B for a password used with a second factor: {@code nist(false)}.
   *
   * @throws LatchkeyException if the common-password list cannot be loaded (a broken jar)
   */
  public static PasswordPolicy nist() {
    return nist(false);
  }

  /**
   * NIST SP 800-63B (revision 4) §3.1.1.2: at least {@value #DEFAULT_MIN_LENGTH} characters, or
   * {@value #SINGLE_FACTOR_MIN_LENGTH} when the password is the only authentication factor; at most
   * {@value #DEFAULT_MAX_LENGTH}; no composition rules; not a common password; no context words;
   * not the current password.
   *
   * @param passwordIsOnlyFactor whether the account can sign in with the password alone
   * @throws LatchkeyException if the common-password list cannot be loaded (a broken jar)
   */
  public static PasswordPolicy nist(boolean passwordIsOnlyFactor) {
    return builder()
        .minLength(passwordIsOnlyFactor ? SINGLE_FACTOR_MIN_LENGTH : DEFAULT_MIN_LENGTH)
        .requireUppercase(0)
        .requireLowercase(0)
        .requireDigits(0)
        .requireSpecial(0)
        .build();
  }

  /**
   * At least {@value #STRONG_MIN_LENGTH} characters with at least one uppercase letter, one
   * lowercase letter, one digit and one special character; otherwise as {@link #defaultPolicy()}.
   *
   * @throws LatchkeyException if the common-password list cannot be loaded (a broken jar)
   */
  public static PasswordPolicy strong() {
    return builder()
        .minLength(STRONG_MIN_LENGTH)
        .requireUppercase(1)
        .requireLowercase(1)
        .requireDigits(1)
        .requireSpecial(1)
        .build();
  }

  /** A builder starting from the default policy's values (every {@code DEFAULT_*} constant). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this policy's values, e.g. {@code nist().toBuilder().maxLength(64)}.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.minLength = minLength;
    b.maxLength = maxLength;
    b.requiredUppercase = requiredUppercase;
    b.requiredLowercase = requiredLowercase;
    b.requiredDigits = requiredDigits;
    b.requiredSpecial = requiredSpecial;
    b.checkCommonPasswords = checkCommonPasswords;
    b.blockedPasswords = blockedPasswords;
    b.checkContextWords = checkContextWords;
    b.minContextWordLength = minContextWordLength;
    b.rejectSameAsCurrent = rejectSameAsCurrent;
    return b;
  }

  /**
   * Checks a password without context: length, character classes, illegal characters and the
   * blocklist. Context words and the current password need {@link #validate(CharSequence,
   * PasswordContext)}.
   *
   * @param password the candidate; {@code null} is treated as the empty password
   */
  public PasswordValidation validate(CharSequence password) {
    return validate(password, PasswordContext.empty());
  }

  /**
   * Checks a password against every rule of this policy.
   *
   * <p>Never throws for any {@code password}. With a current-password <em>hash</em> in the context,
   * this runs one {@link PasswordHasher#verify}, and so can throw what that throws: a {@link
   * LatchkeyException} if the thread is interrupted while waiting for a hashing permit.
   *
   * @param password the candidate; {@code null} is treated as the empty password
   * @param context what is known about the user; {@link PasswordContext#empty()} for nothing
   * @throws NullPointerException if {@code context} is null (a programming error, not bad input)
   */
  public PasswordValidation validate(CharSequence password, PasswordContext context) {
    Objects.requireNonNull(context, "context");
    CharSequence raw = password == null ? "" : password;
    // Before normalising: bounds the normaliser's work on a hostile megabyte.
    if (raw.length() > (long) maxLength * MAX_RAW_LENGTH_FACTOR) {
      return new PasswordValidation(List.of(tooLong()));
    }
    String normalised = PasswordText.nfkc(raw);
    List<PasswordViolation> violations = new ArrayList<>();

    checkCharacters(normalised, violations);

    String folded = PasswordText.fold(normalised);
    if (blocklist != null && blocklist.contains(folded)) {
      violations.add(PasswordViolation.of(PasswordViolation.Code.COMMON_PASSWORD));
    }
    if (checkContextWords) {
      checkContextWord(folded, context.emailWords(), PasswordViolation.WORD_KIND_EMAIL, violations);
      checkContextWord(folded, context.nameWords(), PasswordViolation.WORD_KIND_NAME, violations);
      checkContextWord(
          folded, context.productWords(), PasswordViolation.WORD_KIND_PRODUCT, violations);
    }
    // Last: with a stored hash this is an Argon2 run.
    if (rejectSameAsCurrent
        && context.hasCurrentPassword()
        && context.isCurrentPassword(normalised)) {
      violations.add(PasswordViolation.of(PasswordViolation.Code.SAME_AS_CURRENT));
    }
    return new PasswordValidation(violations);
  }

  /** Minimum length in code points after NFKC. */
  public int minLength() {
    return minLength;
  }

  /** Maximum length in code points after NFKC. */
  public int maxLength() {
    return maxLength;
  }

  /** Uppercase letters required; 0 for none. */
  public int requiredUppercase() {
    return requiredUppercase;
  }

  /** Lowercase letters required; 0 for none. */
  public int requiredLowercase() {
    return requiredLowercase;
  }

  /** Digits required; 0 for none. */
  public int requiredDigits() {
    return requiredDigits;
  }

  /** Special characters (punctuation or symbols) required; 0 for none. */
  public int requiredSpecial() {
    return requiredSpecial;
  }

  /** Whether the shipped list of common passwords is checked. */
  public boolean checksCommonPasswords() {
    return checkCommonPasswords;
  }

  /** The host's own blocked passwords, as given to {@link Builder#blockedPasswords}. */
  public Set<String> blockedPasswords() {
    return blockedPasswords;
  }

  /** Whether the context's email, names and product name are checked. */
  public boolean checksContextWords() {
    return checkContextWords;
  }

  /** Shortest context word, in code points, that is checked. */
  public int minContextWordLength() {
    return minContextWordLength;
  }

  /** Whether a password equal to the context's current password is rejected. */
  public boolean rejectsSameAsCurrent() {
    return rejectSameAsCurrent;
  }

  /** Value equality over every rule. */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PasswordPolicy)) {
      return false;
    }
    PasswordPolicy other = (PasswordPolicy) o;
    return minLength == other.minLength
        && maxLength == other.maxLength
        && requiredUppercase == other.requiredUppercase
        && requiredLowercase == other.requiredLowercase
        && requiredDigits == other.requiredDigits
        && requiredSpecial == other.requiredSpecial
        && checkCommonPasswords == other.checkCommonPasswords
        && blockedPasswords.equals(other.blockedPasswords)
        && checkContextWords == other.checkContextWords
        && minContextWordLength == other.minContextWordLength
        && rejectSameAsCurrent == other.rejectSameAsCurrent;
  }

  /** Consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(
        minLength,
        maxLength,
        requiredUppercase,
        requiredLowercase,
        requiredDigits,
        requiredSpecial,
        checkCommonPasswords,
        blockedPasswords,
        checkContextWords,
        minContextWordLength,
        rejectSameAsCurrent);
  }

  /** The rules; the host's blocked passwords only by count. */
  @Override
  public String toString() {
    return "PasswordPolicy[length="
        + minLength
        + ".."
        + maxLength
        + ", uppercase="
        + requiredUppercase
        + ", lowercase="
        + requiredLowercase
        + ", digits="
        + requiredDigits
        + ", special="
        + requiredSpecial
        + ", commonPasswords="
        + checkCommonPasswords
        + ", blockedPasswords="
        + blockedPasswords.size()
        + ", contextWords="
        + (checkContextWords ? "min " + minContextWordLength : "off")
        + ", sameAsCurrent="
        + rejectSameAsCurrent
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /** One pass over the code points: length, classes, illegal characters. */
  private void checkCharacters(String s, List<PasswordViolation> violations) {
    int length = 0;
    int upper = 0;
    int lower = 0;
    int digits = 0;
    int special = 0;
    boolean illegal = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      length++;
      // codePointAt returns a lone surrogate as itself; either half is a surrogate code point.
      if (Character.getType(cp) == Character.CONTROL
          || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
        illegal = true;
      } else if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        upper++;
      } else if (Character.isLowerCase(cp)) {
        lower++;
      } else if (Character.isDigit(cp)) {
        digits++;
      } else if (isSpecial(cp)) {
        special++;
      }
    }
    if (illegal) {
      violations.add(PasswordViolation.of(PasswordViolation.Code.ILLEGAL_CHARACTER));
    }
    if (length < minLength) {
      violations.add(
          new PasswordViolation(
              PasswordViolation.Code.TOO_SHORT,
              Map.of(PasswordViolation.MIN_LENGTH, minLength, PasswordViolation.LENGTH, length)));
    }
    if (length > maxLength) {
      violations.add(tooLong());
    }
    requireCount(upper, requiredUppercase, PasswordViolation.Code.MISSING_UPPERCASE, violations);
    requireCount(lower, requiredLowercase, PasswordViolation.Code.MISSING_LOWERCASE, violations);
    requireCount(digits, requiredDigits, PasswordViolation.Code.MISSING_DIGIT, violations);
    requireCount(special, requiredSpecial, PasswordViolation.Code.MISSING_SPECIAL, violations);
  }

  /** Punctuation or symbol: Unicode general categories P* and S*. */
  static boolean isSpecial(int cp) {
    switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
      case Character.MATH_SYMBOL:
      case Character.CURRENCY_SYMBOL:
      case Character.MODIFIER_SYMBOL:
      case Character.OTHER_SYMBOL:
        return true;
      default:
        return false;
    }
  }

  private static void requireCount(
      int found, int required, PasswordViolation.Code code, List<PasswordViolation> violations) {
    if (found < required) {
      violations.add(PasswordViolation.of(code, PasswordViolation.COUNT, required));
    }
  }

  private void checkContextWord(
      String folded, List<String> words, String kind, List<PasswordViolation> violations) {
    for (String word : words) {
      if (PasswordText.codePointLength(word) >= minContextWordLength && folded.contains(word)) {
        violations.add(
            PasswordViolation.of(
                PasswordViolation.Code.CONTAINS_CONTEXT_WORD, PasswordViolation.WORD_KIND, kind));
        return;
      }
    }
  }

  private PasswordViolation tooLong() {
    return PasswordViolation.of(
        PasswordViolation.Code.TOO_LONG, PasswordViolation.MAX_LENGTH, maxLength);
  }

  /**
   * Builds a {@link PasswordPolicy}, starting from the default policy's values. Setters only record
   * values; {@link #build()} validates them all and fails on the first one out of range. Not
   * thread-safe; the policy it builds is.
   */
  public static final class Builder {
    private int minLength = DEFAULT_MIN_LENGTH;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private int requiredUppercase = DEFAULT_REQUIRED_UPPERCASE;
    private int requiredLowercase = DEFAULT_REQUIRED_LOWERCASE;
    private int requiredDigits = DEFAULT_REQUIRED_DIGITS;
    private int requiredSpecial = DEFAULT_REQUIRED_SPECIAL;
    private boolean checkCommonPasswords = true;
    private Set<String> blockedPasswords = Set.of();
    private boolean checkContextWords = true;
    private int minContextWordLength = DEFAULT_MIN_CONTEXT_WORD_LENGTH;
    private boolean rejectSameAsCurrent = true;

    private Builder() {}

    /**
     * Sets the minimum length in code points after NFKC: 1 to {@link #maxLength(int)}. Below
     * {@value PasswordPolicy#DEFAULT_MIN_LENGTH} falls short of NIST SP 800-63B.
     */
    public Builder minLength(int minLength) {
      this.minLength = minLength;
      return this;
    }

    /**
     * Sets the maximum length in code points after NFKC: the minimum length to {@value
     * PasswordPolicy#MAX_MAX_LENGTH}. NIST asks for at least 64. Keep it within the hasher's {@link
     * PasswordHashingSettings#maxPasswordLength()}, or accepted passwords will fail to hash.
     */
    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** Sets how many uppercase letters are required: 0 (none) to the maximum length. */
    public Builder requireUppercase(int count) {
      this.requiredUppercase = count;
      return this;
    }

    /** Sets how many lowercase letters are required: 0 (none) to the maximum length. */
    public Builder requireLowercase(int count) {
      this.requiredLowercase = count;
      return this;
    }

    /** Sets how many digits are required: 0 (none) to the maximum length. */
    public Builder requireDigits(int count) {
      this.requiredDigits = count;
      return this;
    }

    /**
     * Sets how many special characters (punctuation or symbols) are required: 0 (none) to the
     * maximum length.
     */
    public Builder requireSpecial(int count) {
      this.requiredSpecial = count;
      return this;
    }

    /**
     * Whether to reject the common passwords shipped in the jar (on by default). Turning it off
     * goes against NIST SP 800-63B; do it only when the host checks a larger list itself.
     */
    public Builder checkCommonPasswords(boolean check) {
      this.checkCommonPasswords = check;
      return this;
    }

    /**
     * Sets the host's own blocked passwords, checked like the shipped list (whole password,
     * ignoring case, after NFKC) and in addition to it: the product's name with "123" appended,
     * passwords from a previous breach. To use only these, also call {@code
     * checkCommonPasswords(false)}. Empty strings are ignored. Replaces an earlier call's list.
     *
     * @throws NullPointerException if the collection or an element is null
     */
    public Builder blockedPasswords(Collection<String> passwords) {
      Objects.requireNonNull(passwords, "passwords");
      Set<String> copy = new LinkedHashSet<>();
      for (String p : passwords) {
        copy.add(Objects.requireNonNull(p, "blocked password"));
      }
      this.blockedPasswords = copy;
      return this;
    }

    /** Whether to reject passwords containing the context's email, names or product name (on). */
    public Builder checkContextWords(boolean check) {
      this.checkContextWords = check;
      return this;
    }

    /**
     * Sets the shortest email or name word, in code points, that the password may not contain:
     * {@value PasswordPolicy#MIN_MIN_CONTEXT_WORD_LENGTH} to {@value
     * PasswordPolicy#MAX_MIN_CONTEXT_WORD_LENGTH}.
     */
    public Builder minContextWordLength(int minContextWordLength) {
      this.minContextWordLength = minContextWordLength;
      return this;
    }

    /** Whether to reject the context's current password as the new one (on by default). */
    public Builder rejectSameAsCurrent(boolean reject) {
      this.rejectSameAsCurrent = reject;
      return this;
    }

    /**
     * Validates every value and returns the policy; loads the common-password list if the policy
     * uses it and it is not loaded yet.
     *
     * @throws IllegalArgumentException naming the first value out of range and its allowed range
     * @throws LatchkeyException if the common-password list cannot be loaded (a broken jar)
     */
    public PasswordPolicy build() {
      // The maximum first: the other bounds depend on it.
      if (maxLength < 1 || maxLength > MAX_MAX_LENGTH) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid maxLength %d; must be between 1 and %d code points",
                maxLength, MAX_MAX_LENGTH));
      }
      if (minLength < 1 || minLength > maxLength) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid minLength %d; must be between 1 and maxLength (%d) code points",
                minLength, maxLength));
      }
      requireCountInRange("requireUppercase", requiredUppercase);
      requireCountInRange("requireLowercase", requiredLowercase);
      requireCountInRange("requireDigits", requiredDigits);
      requireCountInRange("requireSpecial", requiredSpecial);
      long required =
          (long) requiredUppercase + requiredLowercase + requiredDigits + requiredSpecial;
      if (required > maxLength) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid character-class requirements: %d uppercase + %d lowercase + %d digits + %d"
                    + " special = %d; must total at most maxLength (%d)",
                requiredUppercase,
                requiredLowercase,
                requiredDigits,
                requiredSpecial,
                required,
                maxLength));
      }
      if (minContextWordLength < MIN_MIN_CONTEXT_WORD_LENGTH
          || minContextWordLength > MAX_MIN_CONTEXT_WORD_LENGTH) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid minContextWordLength %d; must be between %d and %d code points",
                minContextWordLength, MIN_MIN_CONTEXT_WORD_LENGTH, MAX_MIN_CONTEXT_WORD_LENGTH));
      }
      Set<String> prepared = new LinkedHashSet<>();
      for (String p : blockedPasswords) {
        if (!p.isEmpty()) {
          prepared.add(PasswordText.fold(PasswordText.nfkc(p)));
        }
      }
      return new PasswordPolicy(this, Set.copyOf(prepared));
    }

    private void requireCountInRange(String name, int count) {
      if (count < 0 || count > maxLength) {
        throw new IllegalArgumentException(
            String.format(
                "Invalid %s %d; must be between 0 and maxLength (%d)", name, count, maxLength));
      }
    }
  }
}
