package dev.latchkey.client;

import java.util.Locale;

/**
 * What kind of device (or software) made a request, as a {@link DeviceNamer} identifies it. Stored
 * with sessions and security events under its {@link #code()}.
 */
public enum DeviceType {
  /** A desktop or laptop computer (Windows, macOS, Linux, ChromeOS, …). */
  DESKTOP,
  /** A phone. */
  MOBILE,
  /** A tablet. */
  TABLET,
  /** A smart TV or TV box. */
  TV,
  /** A game console. */
  CONSOLE,
  /** A crawler, link-preview fetcher or monitor. */
  BOT,
  /**
   * An HTTP library, command-line tool or an app's own networking stack (curl, Python requests,
   * OkHttp): a program rather than a person at a browser.
   */
  TOOL,
  /** The request came from a client, but nothing about its device could be told. */
  UNKNOWN,
  /** There was no client at all: the operation was made by the host or a background job. */
  NONE;

  /**
   * The stable code stores keep: the constant's name in lower case ({@code "desktop"}).
   *
   * @return a lower-case ASCII code of at most 16 characters
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The type with this {@link #code()}.
   *
   * @param code a stored code; may be {@code null}
   * @return the matching type, or {@link #UNKNOWN} for {@code null} or a code this version does
   *     not know (a row written by a newer version reads as an unknown device, never as an error)
   */
  public static DeviceType fromCode(String code) {
    if (code != null) {
      for (DeviceType type : values()) {
        if (type.code().equals(code)) {
          return type;
        }
      }
    }
    return UNKNOWN;
  }
}
