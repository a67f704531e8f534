package dev.latchkey.internal;

import dev.latchkey.common.KeyRing;
import java.util.Objects;

/**
 * The one door from {@code dev.latchkey.internal} to a {@link KeyRing}'s key material. Not API.
 *
 * <p>Why a door: the ring lives in the public package and must not offer key material as public
 * methods, yet the crypto helpers here need per-purpose subkeys. {@code KeyRing} installs its
 * derivation function from its static initialiser (the {@code SharedSecrets} idiom of the JDK); any
 * code holding a ring has therefore initialised the class and installed the function.
 */
public final class SubkeyAccess {
  /** Derives the 32-byte subkey of one master key for one purpose. */
  @FunctionalInterface
  public interface Deriver {
    /** HKDF of master key {@code keyId} with {@code info}; a fresh array the caller owns. */
    byte[] derive(KeyRing ring, String keyId, String info);
  }

  private static volatile Deriver deriver;

  private SubkeyAccess() {}

  /**
   * Called once by {@code KeyRing}.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Deriver d) {
    if (deriver != null) {
      throw new IllegalStateException("Subkey derivation is already installed");
    }
    deriver = Objects.requireNonNull(d, "deriver");
  }

  /** The subkey of master key {@code keyId} for {@code info}. */
  public static byte[] derive(KeyRing ring, String keyId, String info) {
    Objects.requireNonNull(ring, "ring");
    return deriver.derive(ring, keyId, info);
  }
}
