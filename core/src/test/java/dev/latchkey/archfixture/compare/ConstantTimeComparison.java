package dev.latchkey.archfixture.compare;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Compares secrets with MessageDigest.isEqual only: no violation when listed. */
public final class ConstantTimeComparison {
  /** Constant-time in the content. */
  public boolean hashMatches(String stored, String presented) {
    return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }
}
