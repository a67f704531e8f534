package dev.latchkey.internal;

import dev.latchkey.common.KeyRing;

/** Test-only view of a ring's raw subkeys, which main code never hands out of this package. */
public final class Subkeys {
  private Subkeys() {}

  /** HKDF-SHA256 subkey of master key {@code keyId} for {@code info}. */
  public static byte[] derive(KeyRing ring, String keyId, String info) {
    return KeyRingAccess.of(ring).subkey(keyId, info);
  }
}
