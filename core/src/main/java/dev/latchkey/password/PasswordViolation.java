package dev.latchkey.password;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One rule a candidate password broke: a stable {@link Code} and the parameters a message needs
 * ("at least {@code min_length} characters").
 *
 * <p>Parameters describe the rule and never the password: no violation carries the password, a part
 * of it, or the context word it contained. The only fact about the password itself is its length,
 * in {@link Code#TOO_SHORT}. Values are {@link Integer}s or {@link String}s, so a host can put them
 * straight into a JSON error body.
 *
 * <p>Plain data: a record, so hosts and tests can build and compare violations freely.
 *
 * @param code what was broken
 * @param parameters the values named in the code's documentation, by their {@code *} constants
 *     below; an unmodifiable copy in insertion order
 */
public record PasswordViolation(Code code, Map<String, Object> parameters) {

  /** Parameter of {@link Code#TOO_SHORT}: the policy's minimum length, an {@link Integer}. */
  public static final String MIN_LENGTH = "min_length";

  /**
   * Parameter of {@link Code#TOO_SHORT}: the password's length in code points after NFKC, an {@link
   * Integer}.
   */
  public static final String LENGTH = "length";

  /** Parameter of {@link Code#TOO_LONG}: the policy's maximum length, an {@link Integer}. */
  public static final String MAX_LENGTH = "max_length";

  /**
   * Parameter of the {@code MISSING_*} codes: how many characters of the class the policy requires,
   * an {@link Integer}.
   */
  public static final String COUNT = "count";

  /**
   * Parameter of {@link Code#CONTAINS_CONTEXT_WORD}: which kind of word was found, one of {@link
   * #WORD_KIND_EMAIL}, {@link #WORD_KIND_NAME}, {@link #WORD_KIND_PRODUCT}. Never the word itself.
   */
  public static final String WORD_KIND = "word_kind";

  /** {@link #WORD_KIND}: part of the user's email address (its local part). */
  public static final String WORD_KIND_EMAIL = "email";

  /** {@link #WORD_KIND}: one of the user's names. */
  public static final String WORD_KIND_NAME = "name";

  /** {@link #WORD_KIND}: the product's or service's name. */
  public static final String WORD_KIND_PRODUCT = "product";

  /**
   * Copies the parameters.
   *
   * @throws NullPointerException if {@code code}, {@code parameters}, or any key or value is null
   */
  public PasswordViolation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(parameters, "parameters");
    Map<String, Object> copy = new LinkedHashMap<>();
    parameters.forEach(
        (k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
    parameters = Collections.unmodifiableMap(copy);
  }

  /** A violation without parameters. */
  public static PasswordViolation of(Code code) {
    return new PasswordViolation(code, Map.of());
  }

  /** A violation with one parameter. */
  public static PasswordViolation of(Code code, String name, Object value) {
    return new PasswordViolation(code, Map.of(name, value));
  }

  /**
   * Why a password was refused. The {@link #code()} strings are stable API: hosts may store them,
   * key translations by them and return them to clients. New codes may be added in later versions;
   * existing ones keep their meaning.
   */
  public enum Code {
    /**
     * The password contains a character no password should: a control character (tab, line break,
     * NUL…) or half of a UTF-16 surrogate pair. No parameters.
     */
    ILLEGAL_CHARACTER("illegal_character"),
    /** Fewer code points than the minimum. Parameters {@code min_length} and {@code length}. */
    TOO_SHORT("too_short"),
    /** More code points than the maximum. Parameter {@code max_length}. */
    TOO_LONG("too_long"),
    /** Fewer uppercase letters than required. Parameter {@code count} (the requirement). */
    MISSING_UPPERCASE("missing_uppercase"),
    /** Fewer lowercase letters than required. Parameter {@code count} (the requirement). */
    MISSING_LOWERCASE("missing_lowercase"),
    /** Fewer digits than required. Parameter {@code count} (the requirement). */
    MISSING_DIGIT("missing_digit"),
    /**
     * Fewer special characters (punctuation or symbols) than required. Parameter {@code count} (the
     * requirement).
     */
    MISSING_SPECIAL("missing_special"),
    /** The whole password is on the blocklist of common passwords. No parameters. */
    COMMON_PASSWORD("common_password"),
    /**
     * The password contains the user's email, name or the product name. Parameter {@code
     * word_kind}; one violation per kind found.
     */
    CONTAINS_CONTEXT_WORD("contains_context_word"),
    /** The password is the user's current password. No parameters. */
    SAME_AS_CURRENT("same_as_current");

    private final String code;

    Code(String code) {
      this.code = code;
    }

    /** The stable code, lower snake case, e.g. {@code "too_short"}. */
    public String code() {
      return code;
    }
  }
}
