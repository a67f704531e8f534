package dev.latchkey.client;

import java.util.Locale;

/**
 * What kind of address a client came from, which decides whether a {@link Location} could be
 * looked up at all. Stored with sessions and security events under its {@link #code()}.
 */
public enum AddressScope {
  /**
   * A public address: the {@link IpLocator} was asked, and the location holds its answer (empty
   * components when it had none).
   */
  PUBLIC,
  /**
   * A private, carrier-grade NAT or link-local address (RFC 1918, 100.64/10, 169.254/16, fc00::/7,
   * fe80::/10): no database can place it.
   */
  PRIVATE,
  /** A loopback address (127.0.0.0/8, ::1): the client runs on the server's machine. */
  LOOPBACK,
  /** The request had a client, but no usable address (missing, or not an IP literal). */
  UNKNOWN,
  /** There was no client at all: the operation was made by the host or a background job. */
  NONE;

  /**
   * The stable code stores keep: the constant's name in lower case ({@code "public"}).
   *
   * @return a lower-case ASCII code of at most 16 characters
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The scope with this {@link #code()}.
   *
   * @param code a stored code; may be {@code null}
   * @return the matching scope, or {@link #UNKNOWN} for {@code null} or a code this version does
   *     not know (a row written by a newer version reads as an unknown location, never as an
   *     error)
   */
  public static AddressScope fromCode(String code) {
    if (code != null) {
      for (AddressScope scope : values()) {
        if (scope.code().equals(code)) {
          return scope;
        }
      }
    }
    return UNKNOWN;
  }
}
