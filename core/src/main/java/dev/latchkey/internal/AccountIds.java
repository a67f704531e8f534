package dev.latchkey.internal;

/**
 * The one account-id rule every service applies: 1 to {@value #MAX_LENGTH} characters, opaque
 * otherwise (the host's own ids). Not API: may change without notice.
 */
public final class AccountIds {
  /** The longest account id (and API key owner) accepted: 255 characters, every store's column. */
  public static final int MAX_LENGTH = 255;

  private AccountIds() {}

  /** Whether {@code accountId} is 1 to {@value #MAX_LENGTH} characters. */
  public static boolean isValid(String accountId) {
    return accountId != null && !accountId.isEmpty() && accountId.length() <= MAX_LENGTH;
  }

  /**
   * Checks an account id the host passed: an invalid one is the host's mistake, not user input.
   *
   * @throws IllegalArgumentException when it is {@code null}, empty or too long
   */
  public static String require(String accountId) {
    return require(accountId, "accountId");
  }

  /**
   * As {@link #require(String)}, naming the parameter ({@code owner} for API keys) in the message.
   *
   * @throws IllegalArgumentException when it is {@code null}, empty or too long
   */
  public static String require(String value, String name) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(name + " must be 1 to " + MAX_LENGTH + " characters");
    }
    return value;
  }
}
