package dev.latchkey.password;

import java.security.SecureRandom;

/**
 * A "random" source that fills every request by repeating fixed bytes, so a test can reproduce a
 * PHC string made elsewhere with a known salt. Test use only, obviously.
 */
final class FixedSecureRandom extends SecureRandom {
  private final byte[] bytes;

  FixedSecureRandom(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  @Override
  public void nextBytes(byte[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes[i % bytes.length];
    }
  }
}
