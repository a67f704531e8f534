package dev.latchkey.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stored passkey (WebAuthn credential): what a verified registration leaves behind, and what
 * every later assertion is checked against. Holds no secret: the public key and the ids are public
 * by design (a passkey's private key never leaves the authenticator).
 *
 * @param credentialId the credential id, base64url without padding (1 to
 *     {@value #MAX_CREDENTIAL_ID_LENGTH} characters: at most 1023 bytes, WebAuthn's limit); unique
 *     across every account
 * @param accountId the host's account id
 * @param userHandle the WebAuthn user handle the credential was created for, base64url (random, so
 *     it reveals nothing about the account); the same for every passkey of one account
 * @param publicKey the credential public key as a COSE_Key, base64url
 * @param signCount the last signature counter the authenticator reported (0: it keeps none)
 * @param transports the transports the browser reported ({@code internal}, {@code hybrid},
 *     {@code usb}…), for {@code allowCredentials} hints
 * @param backupEligible the BE flag: the credential may be synced (a multi-device passkey)
 * @param backupState the BS flag at the last use: the credential is backed up
 * @param userVerified whether user verification was performed at registration (the UV flag)
 * @param aaguid the authenticator's model id (AAGUID) as a UUID string; all zeros when the
 *     authenticator does not say
 * @param name the name the user gave it (1 to {@value #MAX_NAME_LENGTH} characters)
 * @param createdAt when it was registered
 * @param lastUsedAt when it last signed in, or {@code null} if never
 */
public record PasskeyRecord(String credentialId, String accountId, String userHandle,
    String publicKey, long signCount, Set<String> transports, boolean backupEligible,
    boolean backupState, boolean userVerified, String aaguid, String name, Instant createdAt,
    Instant lastUsedAt) {

  /** The longest credential id, in base64url characters (1023 bytes). */
  public static final int MAX_CREDENTIAL_ID_LENGTH = 1364;
  /** The longest name, in characters. */
  public static final int MAX_NAME_LENGTH = 64;
  /** The longest user handle, in base64url characters (64 bytes, WebAuthn's limit). */
  public static final int MAX_USER_HANDLE_LENGTH = 86;
  /** The longest COSE public key kept, in base64url characters (2048 bytes). */
  public static final int MAX_PUBLIC_KEY_LENGTH = 2731;
  /** The largest signature counter: WebAuthn's counter is an unsigned 32-bit number. */
  public static final long MAX_SIGN_COUNT = 0xFFFF_FFFFL;

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern TRANSPORT = Pattern.compile("[a-z][a-z0-9-]{0,15}");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * Checks every field.
   *
   * @throws IllegalArgumentException naming the first field out of range
   */
  public PasskeyRecord {
    requireBase64Url(credentialId, MAX_CREDENTIAL_ID_LENGTH, "credentialId");
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isEmpty() || accountId.length() > 255) {
      throw new IllegalArgumentException("Invalid accountId; must be 1 to 255 characters");
    }
    requireBase64Url(userHandle, MAX_USER_HANDLE_LENGTH, "userHandle");
    requireBase64Url(publicKey, MAX_PUBLIC_KEY_LENGTH, "publicKey");
    if (signCount < 0 || signCount > MAX_SIGN_COUNT) {
      throw new IllegalArgumentException(
          "Invalid signCount " + signCount + "; must be 0 to " + MAX_SIGN_COUNT);
    }
    transports = Set.copyOf(Objects.requireNonNull(transports, "transports"));
    if (transports.size() > 8) {
      throw new IllegalArgumentException("Invalid transports; at most 8");
    }
    for (String t : transports) {
      if (!TRANSPORT.matcher(t).matches()) {
        throw new IllegalArgumentException("Invalid transport; must match " + TRANSPORT);
      }
    }
    Objects.requireNonNull(aaguid, "aaguid");
    if (!UUID.matcher(aaguid).matches()) {
      throw new IllegalArgumentException("Invalid aaguid; must be a lower-case UUID string");
    }
    requireName(name);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Whether {@code name} is a name a passkey may have: 1 to {@value #MAX_NAME_LENGTH} characters,
   * not blank, no control characters.
   */
  public static boolean validName(String name) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1));
      if (Character.isISOControl(c) || (Character.isSurrogate(c) && !paired)) {
        return false;
      }
      if (paired) {
        i++;
      }
    }
    return true;
  }

  /** This passkey after a use: the new counter and backup state, used at {@code at}. */
  public PasskeyRecord used(long newSignCount, boolean newBackupState, Instant at) {
    return new PasskeyRecord(credentialId, accountId, userHandle, publicKey, newSignCount,
        transports, backupEligible, newBackupState, userVerified, aaguid, name, createdAt, at);
  }

  /** This passkey under another name. */
  public PasskeyRecord renamed(String newName) {
    return new PasskeyRecord(credentialId, accountId, userHandle, publicKey, signCount,
        transports, backupEligible, backupState, userVerified, aaguid, newName, createdAt,
        lastUsedAt);
  }

  private static void requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!validName(name)) {
      throw new IllegalArgumentException("Invalid name; must be 1 to " + MAX_NAME_LENGTH
          + " characters, not blank, without control characters");
    }
  }

  private static void requireBase64Url(String value, int max, String field) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.length() > max || !BASE64URL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Invalid " + field + "; must be 1 to " + max + " base64url characters");
    }
  }
}
