package dev.latchkey.argon2.nativ;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.Argon2_context;
import de.mkammerer.argon2.jna.Argon2_type;
import de.mkammerer.argon2.jna.Argon2_version;
import de.mkammerer.argon2.jna.JnaUint32;

/**
 * Argon2 through libargon2 ({@code argon2_ctx}, the reference implementation). Not for direct use:
 * Latchkey core looks this class up by name and calls {@link #argon2} when hashing passwords, so
 * putting this module on the class path (or module path) is all a host does. Stateless and
 * thread-safe.
 *
 * <p>Every native buffer holding the password, the secret or the tag is zeroed before it is freed.
 */
public final class NativeArgon2 {
  private NativeArgon2() {}

  /**
   * The raw Argon2 tag, as RFC 9106 defines it.
   *
   * @param type 0 Argon2d, 1 Argon2i, 2 Argon2id
   * @param version 0x10 or 0x13
   * @param memoryKib memory in KiB (at least 8 per lane)
   * @param iterations passes, at least 1
   * @param parallelism lanes, at least 1; libargon2 runs as many threads
   * @param salt the salt, at least 8 bytes
   * @param password the password bytes (may be empty)
   * @param secret RFC 9106's optional key K, or {@code null}
   * @param associatedData RFC 9106's optional X, or {@code null}
   * @param tagLength bytes of output, at least 4
   * @return the tag
   * @throws IllegalArgumentException when libargon2 refuses the parameters (its message, which
   *     never contains an input)
   */
  public static byte[] argon2(int type, int version, int memoryKib, int iterations, int parallelism,
      byte[] salt, byte[] password, byte[] secret, byte[] associatedData, int tagLength) {
    if (type < 0 || type > 2) {
      throw new IllegalArgumentException("Invalid Argon2 type " + type);
    }
    Memory out = new Memory(tagLength);
    Memory pwd = copy(password);
    Memory saltMemory = copy(salt);
    Memory key = copy(secret);
    Memory ad = copy(associatedData);
    try {
      Argon2_context.ByReference ctx = new Argon2_context.ByReference();
      ctx.out = out;
      ctx.outlen = new JnaUint32(tagLength);
      ctx.pwd = pointer(pwd);
      ctx.pwdlen = new JnaUint32(length(password));
      ctx.salt = pointer(saltMemory);
      ctx.saltlen = new JnaUint32(length(salt));
      ctx.secret = pointer(key);
      ctx.secretlen = new JnaUint32(length(secret));
      ctx.ad = pointer(ad);
      ctx.adlen = new JnaUint32(length(associatedData));
      ctx.t_cost = new JnaUint32(iterations);
      ctx.m_cost = new JnaUint32(memoryKib);
      ctx.lanes = new JnaUint32(parallelism);
      ctx.threads = new JnaUint32(parallelism);
      ctx.version = new Argon2_version(version);
      ctx.allocate_cbk = null;
      ctx.free_cbk = null;
      ctx.flags = new JnaUint32(0); // ARGON2_DEFAULT_FLAGS: libargon2 keeps pwd and secret as given
      int rc = Argon2Library.INSTANCE.argon2_ctx(ctx, new Argon2_type(type));
      if (rc != Argon2Library.ARGON2_OK) {
        throw new IllegalArgumentException(
            "libargon2 refused: " + Argon2Library.INSTANCE.argon2_error_message(rc));
      }
      return out.getByteArray(0, tagLength);
    } finally {
      clear(out);
      clear(pwd);
      clear(saltMemory);
      clear(key);
      clear(ad);
    }
  }

  /** Native memory holding {@code bytes}, or {@code null} for null or empty input. */
  private static Memory copy(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    Memory m = new Memory(bytes.length);
    m.write(0, bytes, 0, bytes.length);
    return m;
  }

  private static Pointer pointer(Memory m) {
    return m;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }

  private static void clear(Memory m) {
    if (m != null) {
      m.clear(); // JNA frees the block itself once the Memory is unreachable
    }
  }
}
