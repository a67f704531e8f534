package dev.latchkey.store.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script and its SHA-1, so calls send {@code EVALSHA} (40 bytes) instead of the source;
 * {@link Redis} loads the source once when the server answers {@code NOSCRIPT} (first use, or
 * after a restart or {@code SCRIPT FLUSH}).
 *
 * <p>Redis runs a script atomically: no other command runs between its first and last call, on
 * any connection. That is what makes each multi-step operation here "one step" for every process.
 */
final class Script {
  final String name;
  final String source;
  final String sha;

  Script(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha = sha1Hex(source);
  }

  private static String sha1Hex(String source) {
    try {
      // SHA-1 because Redis names scripts by it; nothing here depends on its collision resistance.
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(source.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "Script[" + name + "]";
  }
}
