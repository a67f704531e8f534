package dev.latchkey.apikey;

import dev.latchkey.common.Secret;

/**
 * A key just created (or issued by rotation): the only object that ever holds its plaintext.
 *
 * <p>Show {@link #key()} to the user once and drop it; Latchkey keeps only its SHA-256. Not a
 * record: a record's {@code toString} and {@code equals} would expose the key.
 */
public final class CreatedApiKey {
  private final Secret key;
  private final ApiKeyInfo info;

  CreatedApiKey(Secret key, ApiKeyInfo info) {
    this.key = key;
    this.info = info;
  }

  /** The plaintext key. Shown only here; call {@code reveal()} where it leaves the process. */
  public Secret key() {
    return key;
  }

  /** The key's metadata, as {@link ApiKeyService#list} will show it. */
  public ApiKeyInfo info() {
    return info;
  }

  /** The public id (shorthand for {@code info().id()}). */
  public String id() {
    return info.id();
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "CreatedApiKey[id=" + info.id() + ", hint=" + info.hint() + ", key=redacted]";
  }
}
