package dev.latchkey.apikey;

import java.util.Optional;

/**
 * What an API key may do, as a strict order: {@code ADMIN} ⊇ {@code READ_WRITE} ⊇ {@code READ_ONLY}.
 *
 * <p>Codes are stable: they are stored, accepted from request bodies and sent in
 * {@code WWW-Authenticate: Bearer error="insufficient_scope", scope="…"}.
 */
public enum Permission {
  /** Reads only. */
  READ_ONLY("read_only"),
  /** Reads and writes. */
  READ_WRITE("read_write"),
  /** Everything, including every custom scope. */
  ADMIN("admin");

  /** {@link #values()} once: it copies the array on every call, and every request looks a code up. */
  private static final Permission[] ALL = values();

  private final String code;

  Permission(String code) {
    this.code = code;
  }

  /** The stable code: {@code read_only}, {@code read_write} or {@code admin}. */
  public String code() {
    return code;
  }

  /**
   * Whether a key holding this permission may do what {@code required} allows: the declaration order
   * is the privilege order.
   *
   * @throws NullPointerException if {@code required} is null
   */
  public boolean includes(Permission required) {
    return compareTo(java.util.Objects.requireNonNull(required, "required")) >= 0;
  }

  /**
   * The permission with this code (exact, lower case).
   *
   * @return empty for {@code null} or an unknown code, so request input can be checked without a
   *     try/catch
   */
  public static Optional<Permission> fromCode(String code) {
    return Optional.ofNullable(ofCode(code));
  }

  /**
   * {@link #fromCode} without the {@code Optional}: {@code null} for {@code null} or an unknown
   * code. For the authenticate path, which reads a stored row's code on every request.
   */
  static Permission ofCode(String code) {
    if (code != null) {
      for (Permission p : ALL) {
        if (p.code.equals(code)) {
          return p;
        }
      }
    }
    return null;
  }
}
