package dev.latchkey.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the policy knows about the user a password is for: their email address, names, the product
 * name, and their current password. {@link PasswordPolicy#validate(CharSequence, PasswordContext)}
 * rejects a new password that contains one of the words, or that is the current password.
 *
 * <p>Deliberately not a record: it may hold the current password, so {@link #toString()} says only
 * which facts are present, and there is no {@code equals} or {@code hashCode} to leak it. The email
 * address and names are personal data and are not printed either.
 *
 * <p>Build one per validation with {@link #builder()}; {@link #empty()} knows nothing. Immutable
 * and thread-safe. Words are stored already NFKC-normalised and case-folded, so the policy compares
 * them with a normalised candidate directly.
 *
 * <p>The values often come straight from a form (the email at sign-up, the current password on a
 * change-password page), so their cost is bounded: an email, name or product name longer than
 * {@value #MAX_VALUE_LENGTH} UTF-16 units, or a current password longer than {@value
 * #MAX_CURRENT_PASSWORD_LENGTH}, is ignored without being normalised. Neither can be a real value:
 * no mail system accepts such an address, and no policy accepts such a password.
 */
public final class PasswordContext {
  /** Longest email, name or product name considered, in UTF-16 units; longer ones are ignored. */
  public static final int MAX_VALUE_LENGTH = 1024;

  /**
   * Longest current password considered, in UTF-16 units: {@link PasswordPolicy#MAX_MAX_LENGTH}
   * code points times the most NFKC can shrink a string by. A longer one matches nothing.
   */
  public static final int MAX_CURRENT_PASSWORD_LENGTH =
      PasswordPolicy.MAX_MAX_LENGTH * PasswordHasher.MAX_RAW_UNITS_PER_CODE_POINT;

  private static final PasswordContext EMPTY = builder().build();

  private final List<String> emailWords;
  private final List<String> nameWords;
  private final List<String> productWords;
  private final String currentPassword; // NFKC; null when absent
  private final String currentPasswordHash; // null when absent
  private final PasswordHasher hasher; // set exactly when currentPasswordHash is

  private PasswordContext(Builder b) {
    this.emailWords = List.copyOf(b.emailWords);
    this.nameWords = List.copyOf(b.nameWords);
    this.productWords = List.copyOf(b.productWords);
    this.currentPassword = b.currentPassword;
    this.currentPasswordHash = b.currentPasswordHash;
    this.hasher = b.hasher;
  }

  private PasswordContext(PasswordContext words, String currentPassword) {
    this.emailWords = words.emailWords;
    this.nameWords = words.nameWords;
    this.productWords = words.productWords;
    this.currentPassword = currentPassword;
    this.currentPasswordHash = null;
    this.hasher = null;
  }

  /**
   * This context with {@code currentPassword} as the current password (replacing any current
   * password or hash it had), for {@link AccountPasswords}, which has just verified it.
   */
  PasswordContext withCurrentPassword(CharSequence currentPassword) {
    return new PasswordContext(this,
        currentPassword.length() > MAX_CURRENT_PASSWORD_LENGTH
            ? null : PasswordText.nfkc(currentPassword));
  }

  /** A context that knows nothing: only the context-free rules apply. */
  public static PasswordContext empty() {
    return EMPTY;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** NFKC, folded words from the email's local part, in the order found. */
  List<String> emailWords() {
    return emailWords;
  }

  /** NFKC, folded words of the names. */
  List<String> nameWords() {
    return nameWords;
  }

  /** The NFKC, folded product name, whole and without separators. */
  List<String> productWords() {
    return productWords;
  }

  /** Whether a current password or hash was given. */
  boolean hasCurrentPassword() {
    return currentPassword != null || currentPasswordHash != null;
  }

  /**
   * Whether the NFKC-normalised candidate is the current password. The plaintext comparison is
   * constant-time in the content ({@link MessageDigest#isEqual}); the hash comparison costs one
   * {@link PasswordHasher#verify} and is as constant-time as that.
   */
  boolean isCurrentPassword(String normalisedCandidate) {
    if (currentPassword != null) {
      return MessageDigest.isEqual(
          currentPassword.getBytes(StandardCharsets.UTF_8),
          normalisedCandidate.getBytes(StandardCharsets.UTF_8));
    }
    if (currentPasswordHash != null) {
      return hasher.verify(normalisedCandidate, currentPasswordHash);
    }
    return false;
  }

  /** Which facts are present; never their values. */
  @Override
  public String toString() {
    return "PasswordContext[email="
        + (emailWords.isEmpty() ? "absent" : "present")
        + ", nameWords="
        + nameWords.size()
        + ", product="
        + (productWords.isEmpty() ? "absent" : "present")
        + ", currentPassword="
        + (currentPassword != null ? "redacted" : currentPasswordHash != null ? "hash" : "absent")
        + "]";
  }

  /**
   * Builds a {@link PasswordContext}. Every setter accepts {@code null} as "not known", so host
   * code can pass optional profile fields straight through. Not thread-safe; the context it builds
   * is.
   */
  public static final class Builder {
    private final Set<String> emailWords = new LinkedHashSet<>();
    private final Set<String> nameWords = new LinkedHashSet<>();
    private final Set<String> productWords = new LinkedHashSet<>();
    private String currentPassword;
    private String currentPasswordHash;
    private PasswordHasher hasher;

    private Builder() {}

    /**
     * The user's email address. Its local part (before the last {@code @}; the whole value when
     * there is none) is checked as a whole, without separators, and word by word: for {@code
     * john.smith+shop@example.com} that is "johnsmithshop", "john", "smith" and "shop". The domain
     * is not checked. Replaces an earlier email.
     */
    public Builder email(String email) {
      emailWords.clear();
      if (usable(email)) {
        String nfkc = PasswordText.fold(PasswordText.nfkc(email));
        int at = nfkc.lastIndexOf('@');
        String local = at >= 0 ? nfkc.substring(0, at) : nfkc;
        addIfPresent(emailWords, PasswordText.compact(local));
        emailWords.addAll(PasswordText.words(local));
      }
      return this;
    }

    /**
     * Adds a name the user is known by: given name, family name, display name or username. Each
     * word of it ("Jean-Luc Picard" has three) is checked separately, so call this once per field.
     * Words shorter than the policy's minimum context-word length are ignored at validation.
     */
    public Builder name(String name) {
      if (usable(name)) {
        nameWords.addAll(PasswordText.words(PasswordText.fold(PasswordText.nfkc(name))));
      }
      return this;
    }

    /** Adds several names, as {@link #name(String)} does; {@code null} elements are skipped. */
    public Builder names(String... names) {
      if (names != null) {
        for (String name : names) {
          name(name);
        }
      }
      return this;
    }

    /**
     * The name of the product or service, such as "Zexa". Checked as a whole, without spaces or
     * punctuation ("Status Stack" becomes "statusstack"), not word by word: the words of a product
     * name are often ordinary words that users may well put in a password. Replaces an earlier
     * product name.
     */
    public Builder productName(String productName) {
      productWords.clear();
      if (usable(productName)) {
        addIfPresent(
            productWords, PasswordText.compact(PasswordText.fold(PasswordText.nfkc(productName))));
      }
      return this;
    }

    /**
     * The user's current password in plaintext, as typed in a change-password form, so a new
     * password equal to it (after NFKC) is rejected. Compared in constant time. One longer than
     * {@link #MAX_CURRENT_PASSWORD_LENGTH} is ignored. Replaces an earlier current password or
     * hash.
     */
    public Builder currentPassword(CharSequence currentPassword) {
      this.currentPassword =
          currentPassword == null || currentPassword.length() > MAX_CURRENT_PASSWORD_LENGTH
              ? null
              : PasswordText.nfkc(currentPassword);
      this.currentPasswordHash = null;
      this.hasher = null;
      return this;
    }

    /**
     * The stored hash of the user's current password, for when the plaintext is not at hand: a new
     * password is the same as the current one when {@code hasher.verify(newPassword, encodedHash)}
     * is true. That costs one full hash computation per validation (and may wait for a hashing
     * permit), so prefer {@link #currentPassword(CharSequence)} when the user has just typed it.
     * Replaces an earlier current password or hash. A {@code null} hash clears it.
     *
     * @throws NullPointerException if {@code encodedHash} is given but {@code hasher} is null
     */
    public Builder currentPasswordHash(String encodedHash, PasswordHasher hasher) {
      this.currentPassword = null;
      this.currentPasswordHash = encodedHash;
      this.hasher = encodedHash == null ? null : Objects.requireNonNull(hasher, "hasher");
      return this;
    }

    /** The context. */
    public PasswordContext build() {
      return new PasswordContext(this);
    }

    private static boolean usable(String value) {
      return value != null && value.length() <= MAX_VALUE_LENGTH;
    }

    private static void addIfPresent(Set<String> words, String word) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
  }
}
