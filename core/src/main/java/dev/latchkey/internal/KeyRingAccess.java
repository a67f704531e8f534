package dev.latchkey.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * The one door from a public {@code KeyRing} to its {@link KeyMaterial}. Not API.
 *
 * <p>Why a door: the ring lives in an exported package, where any method that handed out its keys
 * would be public API, yet the services that protect stored secrets need purpose-bound primitives
 * made from those keys. {@code KeyRing} installs its reader from its static initialiser (the
 * {@code SharedSecrets} idiom of the JDK); any code holding a ring has therefore initialised the
 * class and installed the reader. What comes out is a {@link KeyMaterial}, which offers a
 * {@link SecretBox} or a {@link KeyedHasher} for a purpose and never key bytes.
 *
 * <p>The ring is typed {@code Object} here because this package must not name a type of
 * {@code dev.latchkey.common} ({@code KeyRing} depends on this package; see {@link KeyMaterial}).
 */
public final class KeyRingAccess {
  private static volatile Function<Object, KeyMaterial> reader;

  private KeyRingAccess() {}

  /**
   * Called once, by {@code KeyRing}.
   *
   * @throws IllegalStateException on a second call
   */
  public static synchronized void install(Function<Object, KeyMaterial> r) {
    if (reader != null) {
      throw new IllegalStateException("The key ring reader is already installed");
    }
    reader = Objects.requireNonNull(r, "reader");
  }

  /**
   * The key material of {@code keyRing}.
   *
   * @throws IllegalArgumentException when {@code keyRing} is not a {@code KeyRing}
   */
  public static KeyMaterial of(Object keyRing) {
    Objects.requireNonNull(keyRing, "keyRing");
    Function<Object, KeyMaterial> r = reader;
    if (r == null) {
      // Unreachable for a real ring: making one ran KeyRing's static initialiser.
      throw new IllegalArgumentException("Not a KeyRing: " + keyRing.getClass().getName());
    }
    return r.apply(keyRing);
  }
}
