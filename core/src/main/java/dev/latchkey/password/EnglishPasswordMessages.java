package dev.latchkey.password;

import java.util.Map;

/**
 * {@link PasswordMessages#english()}. Total: every input, including {@code null} and violations a
 * host assembled with missing or mistyped parameters, gets a sentence; nothing here throws.
 */
final class EnglishPasswordMessages implements PasswordMessages {
  static final EnglishPasswordMessages INSTANCE = new EnglishPasswordMessages();

  /** For a violation this resolver cannot say anything specific about. */
  static final String GENERIC = "This password can't be used. Choose a different password.";

  private EnglishPasswordMessages() {}

  @Override
  public String resolve(PasswordViolation violation) {
    if (violation == null || violation.code() == null) {
      return GENERIC;
    }
    Map<String, Object> p = violation.parameters();
    switch (violation.code()) {
      case ILLEGAL_CHARACTER:
        return "Remove unsupported characters, such as tabs or line breaks.";
      case TOO_SHORT:
        {
          Integer min = intParameter(p, PasswordViolation.MIN_LENGTH);
          return min == null
              ? "This password is too short."
              : "Use at least " + min + (min == 1 ? " character." : " characters.");
        }
      case TOO_LONG:
        {
          Integer max = intParameter(p, PasswordViolation.MAX_LENGTH);
          return max == null
              ? "This password is too long."
              : "Use at most " + max + (max == 1 ? " character." : " characters.");
        }
      case MISSING_UPPERCASE:
        return countMessage(p, "an uppercase letter", "uppercase letters");
      case MISSING_LOWERCASE:
        return countMessage(p, "a lowercase letter", "lowercase letters");
      case MISSING_DIGIT:
        return countMessage(p, "a number", "numbers");
      case MISSING_SPECIAL:
        return countMessage(
            p, "a special character, such as ! @ # or $", "special characters, such as ! @ # or $");
      case COMMON_PASSWORD:
        return "This password is too common. Choose a less common password.";
      case CONTAINS_CONTEXT_WORD:
        return contextWordMessage(p.get(PasswordViolation.WORD_KIND));
      case SAME_AS_CURRENT:
        return "Choose a password that is different from your current one.";
      default:
        return GENERIC;
    }
  }

  @Override
  public String toString() {
    return "PasswordMessages.english()";
  }

  /**
   * "Add a number." for one, "Add at least 2 numbers." for more, a plural guess without a count.
   */
  private static String countMessage(Map<String, Object> p, String one, String many) {
    Integer count = intParameter(p, PasswordViolation.COUNT);
    if (count == null) {
      return "Add more " + many + ".";
    }
    return count <= 1 ? "Add " + one + "." : "Add at least " + count + " " + many + ".";
  }

  private static String contextWordMessage(Object kind) {
    if (PasswordViolation.WORD_KIND_EMAIL.equals(kind)) {
      return "Don't use your email address in your password.";
    }
    if (PasswordViolation.WORD_KIND_NAME.equals(kind)) {
      return "Don't use your name in your password.";
    }
    if (PasswordViolation.WORD_KIND_PRODUCT.equals(kind)) {
      return "Don't use the name of this service in your password.";
    }
    return "Don't use personal information in your password.";
  }

  /**
   * The parameter as an int when it is a number or a decimal string; {@code null} when absent or
   * unreadable, so the caller can fall back instead of printing "null".
   */
  static Integer intParameter(Map<String, Object> p, String name) {
    Object value = p.get(name);
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long v = ((Number) value).longValue();
      return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (int) v : null;
    }
    if (value instanceof String) {
      try {
        return Integer.valueOf(((String) value).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
